/**
 * A fast reader for the plain block YAML that workflow files are written in: mappings, sequences,
 * single-line scalars (plain, quoted), one-line flow lists of scalars, `{}`, `[]` and literal block
 * scalars (`|`, `|-`). It is some fifty times faster than building a full YAML document, which matters
 * when a server or worker parses many workflows.
 *
 * It never guesses: anything outside that subset (anchors, tags, folded or multi-line scalars, flow
 * mappings, odd indentation, duplicate keys, escapes JSON lacks, ...) makes it return `undefined`, and
 * the caller uses the full `yaml` parser, which also reports errors with their positions. Where it
 * returns a value, that value equals what `yaml` produces (YAML 1.2 core schema); a property test
 * checks this against `yaml` on random documents.
 */

class OutsideSubset extends Error {}

interface Line {
  indent: number;
  /** The line without its indentation, or undefined for blank and comment-only lines. */
  text: string | undefined;
}

const keyPattern = /^([A-Za-z_$][\w$./-]*)[ ]*:(?: +|$)/;
const intPattern = /^[-+]?[0-9]+$/;
const floatPattern = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const jsonEscapes = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

function outside(): never {
  throw new OutsideSubset();
}

/** YAML 1.2 core schema resolution of a plain scalar; the rarer forms go to the full parser. */
function resolvePlain(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^[-+]?0[oOxX]/.test(text) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text)) outside();
  if (intPattern.test(text) || floatPattern.test(text)) return Number(text);
  return text;
}

/** What may follow a closing quote or a flow list on its line: nothing, or a comment. */
function assertLineEnd(rest: string): void {
  if (rest !== '' && !/^[ ]+(#.*)?$/.test(rest)) outside();
}

/** JSON forbids raw control characters (a tab, say) inside strings; YAML allows some. Not ours. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

function doubleQuoted(text: string): { value: string; rest: string } {
  let i = 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length) outside();
  const inner = text.slice(1, i);
  if (inner.replace(jsonEscapes, '').includes('\\') || hasControlCharacter(inner)) outside();
  return { value: JSON.parse(`"${inner}"`) as string, rest: text.slice(i + 1) };
}

function singleQuoted(text: string): { value: string; rest: string } {
  let value = '';
  let i = 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close === -1) outside();
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    return { value, rest: text.slice(close + 1) };
  }
}

function plain(text: string, flow: boolean): unknown {
  const comment = /[ \t]#/.exec(text);
  const value = (comment ? text.slice(0, comment.index) : text).trim();
  if (value.includes(': ') || value.endsWith(':') || value.includes('\t') || value.includes(' #')) outside();
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/^-[^ ]/.test(value)) outside();
  if (flow && /[[\]{},:]/.test(value)) outside();
  return resolvePlain(value);
}

/** A scalar, `[a, b]`, `[]` or `{}` that fills the rest of its line. */
function inlineValue(text: string): unknown {
  const first = text[0];
  if (first === '"' || first === "'") {
    const { value, rest } = first === '"' ? doubleQuoted(text) : singleQuoted(text);
    assertLineEnd(rest);
    return value;
  }
  if (first === '{') {
    if (!/^\{[ ]*\}/.test(text)) outside();
    assertLineEnd(text.slice(text.indexOf('}') + 1));
    return {};
  }
  if (first === '[') {
    const close = text.indexOf(']');
    if (close === -1 || text.includes('#') || text.includes('"') || text.includes("'")) outside();
    assertLineEnd(text.slice(close + 1));
    const inner = text.slice(1, close).trim();
    if (inner === '') return [];
    return inner.split(',').map((item) => {
      const trimmed = item.trim();
      if (trimmed === '') outside();
      return plain(trimmed, true);
    });
  }
  return plain(text, false);
}

class SubsetParser {
  private position = 0;
  private readonly lines: Line[];

  constructor(private readonly raw: string[]) {
    this.lines = raw.map((line) => {
      const indent = line.length - line.trimStart().length;
      const text = line.slice(indent);
      if (text === '' || text.startsWith('#')) return { indent, text: undefined };
      if (line.slice(0, indent).includes('\t')) outside();
      return { indent, text: text.trimEnd() };
    });
  }

  private next(): Line | undefined {
    while (this.position < this.lines.length && this.lines[this.position]!.text === undefined)
      this.position++;
    return this.lines[this.position];
  }

  document(): unknown {
    const first = this.next();
    if (first === undefined || first.indent !== 0 || isSequenceLine(first.text!)) outside();
    const value = this.mapping(0);
    if (this.next() !== undefined) outside();
    return value;
  }

  private block(indent: number): unknown {
    return isSequenceLine(this.next()!.text!) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (;;) {
      const line = this.next();
      if (line === undefined || line.indent < indent) return result;
      if (line.indent > indent) outside();
      const text = line.text!;
      if (isSequenceLine(text)) outside();
      const match = keyPattern.exec(text);
      if (match === null) outside();
      const key = match[1]!;
      if (typeof resolvePlain(key) !== 'string' || Object.hasOwn(result, key) || key === '__proto__')
        outside();
      this.position++;
      result[key] = this.value(text.slice(match[0].length), indent, true);
    }
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    for (;;) {
      const line = this.next();
      if (line === undefined || line.indent < indent) return result;
      if (line.indent > indent || !isSequenceLine(line.text!)) {
        if (line.indent > indent) outside();
        return result;
      }
      const text = line.text!;
      const content = text.slice(1).trimStart();
      const column = indent + text.length - content.length;
      if (content !== '' && keyPattern.test(content)) {
        // `- key: value` opens a mapping whose keys line up with `key`.
        this.lines[this.position] = { indent: column, text: content };
        result.push(this.mapping(column));
      } else {
        this.position++;
        if (isSequenceLine(content)) outside();
        result.push(this.value(content, indent, false));
      }
    }
  }

  /** The value after `key:` or `- `, which may be on the same line or in a block below it. */
  private value(text: string, indent: number, inMapping: boolean): unknown {
    if (text === '' || text.startsWith('#')) {
      const below = this.next();
      if (below !== undefined && below.indent > indent) return this.block(below.indent);
      if (below !== undefined && inMapping && below.indent === indent && isSequenceLine(below.text!)) {
        return this.sequence(indent);
      }
      return null;
    }
    if (text[0] === '|') return this.literal(text, indent);
    const value = inlineValue(text);
    const below = this.next();
    // A more indented line after a scalar continues it (a multi-line scalar) or is an error: not ours.
    if (below !== undefined && below.indent > indent) outside();
    return value;
  }

  /** `|` and `|-`: lines kept as written, the block's indentation removed. */
  private literal(header: string, indent: number): string {
    if (header !== '|' && header !== '|-') outside();
    const lines: string[] = [];
    let blockIndent = -1;
    let widestBlank = 0;
    while (this.position < this.raw.length) {
      const raw = this.raw[this.position]!;
      if (raw.trim() === '') {
        widestBlank = Math.max(widestBlank, raw.length);
        lines.push('');
        this.position++;
        continue;
      }
      const lineIndent = raw.length - raw.trimStart().length;
      if (blockIndent === -1) {
        if (lineIndent <= indent) break;
        if (raw.slice(0, lineIndent).includes('\t') || widestBlank > lineIndent) outside();
        blockIndent = lineIndent;
      }
      if (lineIndent < blockIndent) break;
      lines.push(raw.slice(blockIndent));
      this.position++;
    }
    // Whitespace-only lines wider than the block's indentation carry content; leave those to `yaml`.
    if (blockIndent !== -1 && widestBlank > blockIndent) outside();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    if (lines.length === 0) return '';
    const text = lines.join('\n');
    return header === '|' ? `${text}\n` : text;
  }
}

function isSequenceLine(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/**
 * The data of a workflow file in the plain YAML subset, or `undefined` when the text uses anything
 * else (then parse it with `yaml`). A top-level mapping is required.
 */
export function parseYamlSubset(source: string): unknown {
  if (source.includes('\r') || /^(%|---|\.\.\.)/m.test(source)) return undefined;
  try {
    return new SubsetParser(source.split('\n')).document();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}
