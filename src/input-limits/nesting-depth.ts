/** Deepest nesting a workflow, agent profile or config file may have (flow brackets and block levels). */
export const maxNestingDepth = 64;

/** Alias expansions one YAML document may make (the `yaml` package's own guard, kept low). */
export const maxAliasCount = 100;

export interface LimitIssue {
  /** Where the limit was crossed: 1-based line and column. */
  line: number;
  column: number;
  message: string;
}

/**
 * The first place where a YAML or JSON text nests deeper than `limit`: flow collections (`[`, `{`,
 * outside quotes and comments) and block levels (a deeper indentation, or `- ` items on one line)
 * count. Runs before any parser, so a hostile file is refused without recursing through it.
 */
export function excessiveNesting(source: string, limit = maxNestingDepth): LimitIssue | undefined {
  let flow = 0;
  const indents: number[] = [];
  let line = 1;
  let lineStart = 0;
  let quote: '"' | "'" | undefined;
  let atLineStart = true;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\n') {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      continue;
    }
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (atLineStart && flow === 0) {
      atLineStart = false;
      const rest = /^( *)((?:- +)*)(.?)/.exec(source.slice(i, i + 4 * limit + 2))!;
      // A blank or comment line opens no level; a run of `- ` longer than the window still counts.
      if ((rest[3] !== '' && rest[3] !== '#') || rest[2] !== '') {
        const indent = rest[1]!.length;
        while (indents.length > 0 && indents.at(-1)! >= indent) indents.pop();
        indents.push(indent);
        const depth = indents.length + (rest[2]!.match(/-/g)?.length ?? 0);
        if (depth > limit) return issue(line, indent + 1, `nested ${depth} levels deep`);
      }
    }
    atLineStart = false;
    if (char === '#' && (i === lineStart || /\s/.test(source[i - 1]!))) {
      const end = source.indexOf('\n', i);
      i = (end === -1 ? source.length : end) - 1;
    } else if (char === '"' || (char === "'" && (i === 0 || /[\s[{,:]/.test(source[i - 1]!)))) {
      quote = char;
    } else if (char === '[' || char === '{') {
      flow++;
      if (flow > limit) return issue(line, i - lineStart + 1, `brackets nested ${flow} deep`);
    } else if ((char === ']' || char === '}') && flow > 0) {
      flow--;
    }
  }
  return undefined;
}

function issue(line: number, column: number, what: string): LimitIssue {
  return {
    line,
    column,
    message: `${what}: documents may nest at most ${maxNestingDepth} levels (a limit against hostile files)`,
  };
}

/** The first alias (`*name`) in a YAML text, where an alias-expansion refusal is reported. */
export function firstAlias(source: string): { line: number; column: number } {
  const match = /(^|[\s,[{:-])\*[^\s,[\]{}]+/m.exec(source);
  const offset = match ? match.index + match[1]!.length : 0;
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The message for a document whose aliases expand beyond `maxAliasCount`. */
export const aliasLimitMessage =
  `aliases expand more than ${maxAliasCount} times (an "alias bomb"); ` +
  'write the values out instead of referring to them this often';
