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

const intPattern = /^[-+]?[0-9]+$/;
const floatPattern = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const jsonEscapes = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

function outside(): never {
  throw new OutsideSubset();
}

/** YAML 1.2 core schema resolution of a plain scalar; the rarer forms go to the full parser. */
function resolvePlain(text: string): unknown {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  // Only text starting like a number can be one; most values are words and skip the patterns.
  const first = text.charCodeAt(0);
  const numeric = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  if (!numeric) return text;
  if (/^[-+]?0[oOxX]/.test(text) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text)) outside();
  if (intPattern.test(text) || floatPattern.test(text)) return Number(text);
  return text;
}

/** The length of `key:` (with the spaces after it) at the start of a line, or -1 when it is not one. */
function keyLength(text: string): number {
  const first = text.charCodeAt(0);
  const letter =
    (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95 || first === 36;
  if (!letter) return -1;
  let i = 1;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const part =
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 36 ||
      code === 46 ||
      code === 47 ||
      code === 45;
    if (!part) break;
  }
  let j = i;
  while (text.charCodeAt(j) === 32) j++;
  if (text.charCodeAt(j) !== 58) return -1;
  j++;
  if (j < text.length && text.charCodeAt(j) !== 32) return -1;
  keyEnd = i;
  while (text.charCodeAt(j) === 32) j++;
  return j;
}
/** Where the key that keyLength just matched ends (saves returning a pair on a hot path). */
let keyEnd = 0;

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

/** Whether a plain scalar starts with a YAML indicator (`-` counts only before a space or alone). */
function startsLikeIndicator(value: string): boolean {
  switch (value.charCodeAt(0)) {
    case 45: // -
      return value.length === 1 || value.charCodeAt(1) === 32;
    case 63: // ?
    case 58: // :
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

function plain(text: string, flow: boolean): unknown {
  if (text.includes('\t')) outside();
  const comment = text.indexOf(' #');
  const value = comment === -1 ? text.trim() : text.slice(0, comment).trim();
  if (value.includes(': ') || value.endsWith(':')) outside();
  if (startsLikeIndicator(value)) outside();
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
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      const first = line.charCodeAt(indent);
      // A tab in leading whitespace is an error or not depending on context: leave such files to `yaml`.
      if (first === 9) outside();
      if (Number.isNaN(first) || first === 35) return { indent, text: undefined };
      const last = line.charCodeAt(line.length - 1);
      const text = indent === 0 ? line : line.slice(indent);
      return { indent, text: last === 32 || last === 9 ? text.trimEnd() : text };
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
      const length = keyLength(text);
      if (length === -1) outside();
      const key = text.slice(0, keyEnd);
      if (typeof resolvePlain(key) !== 'string' || Object.hasOwn(result, key) || key === '__proto__') {
        outside();
      }
      this.position++;
      result[key] = this.value(text.slice(length), indent, true);
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
      if (content !== '' && keyLength(content) !== -1) {
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
        // A tab on a blank line inside a block scalar is content or an error, depending on where it is.
        if (raw.includes('\t')) outside();
        widestBlank = Math.max(widestBlank, raw.length);
        lines.push('');
        this.position++;
        continue;
      }
      const lineIndent = raw.length - raw.trimStart().length;
      // Tabs are not indentation in YAML; whether a tab here is content or an error is `yaml`'s call.
      if (raw.slice(0, lineIndent).includes('\t')) outside();
      if (blockIndent === -1) {
        if (lineIndent <= indent) break;
        if (widestBlank > lineIndent) outside();
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
