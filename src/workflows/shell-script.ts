import { basename } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import type { ExpressionContext } from './expression.js';
import { stringifyValue } from './expression-values.js';
import type { Template } from './template.js';

/** Shells whose syntax `shellScript` knows: POSIX `sh` and its relatives. */
const posixShells = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh', 'busybox']);

export function isPosixShell(shell: string): boolean {
  return posixShells.has(basename(shell.trim().split(/\s+/)[0] ?? ''));
}

/** Where in shell text an expression stands, which decides how its variable is referenced. */
export type ShellContext =
  | 'plain'
  | 'single-quoted'
  | 'double-quoted'
  | 'arithmetic'
  | 'heredoc'
  | 'quoted-heredoc';

export interface ShellScript {
  /** The script with each `${{ … }}` replaced by a reference to its variable. */
  script: string;
  /** `AX_EXPR_0`, `AX_EXPR_1`, …: the values, for the command's environment. */
  variables: Record<string, string>;
  /** Where each expression stood, in order. */
  contexts: ShellContext[];
}

/**
 * A `run:` script without shell injection: each `${{ … }}` becomes an environment variable
 * (`AX_EXPR_n`) and the script refers to it, quoted for where it stands: `"${AX_EXPR_0}"` in plain
 * text, `${AX_EXPR_0}` inside double quotes and here-documents, `'"${AX_EXPR_0}"'` inside single
 * quotes. The shell expands a variable once and never parses its value as code, so a value such as
 * `$(touch PWNED)` or `'; rm -rf ~; '` stays text. (GitHub Actions recommends the same pattern.)
 */
export function shellScript(template: Template, context: ExpressionContext): ShellScript {
  const scanner = new ShellScanner();
  const variables: Record<string, string> = {};
  const contexts: ShellContext[] = [];
  let script = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      scanner.feed(part);
      script += part;
      continue;
    }
    const name = `AX_EXPR_${contexts.length}`;
    const value = stringifyValue(part.expression.evaluate(context));
    const where = scanner.context;
    // Shell arithmetic evaluates the text of a variable (bash even runs `$( … )` in array subscripts
    // there), so only a number may stand in `$(( … ))`.
    if (where === 'arithmetic' && !/^[-+]?\d+$/.test(value.trim())) {
      throw new InvalidInputError(
        `\${{ ${part.expression.source.trim()} }} is used in shell arithmetic $(( … )) but its value is not a whole number: ${JSON.stringify(value.slice(0, 80))}`,
        { code: 'run-arithmetic-not-number' },
      );
    }
    variables[name] = value;
    contexts.push(where);
    script += reference(name, where);
  }
  return { script, variables, contexts };
}

/** The shell context of every `${{ … }}` of a template, without evaluating anything (for validation). */
export function shellContexts(template: Template): ShellContext[] {
  const scanner = new ShellScanner();
  const contexts: ShellContext[] = [];
  for (const part of template.parts) {
    if (typeof part === 'string') scanner.feed(part);
    else contexts.push(scanner.context);
  }
  return contexts;
}

function reference(name: string, where: ShellContext): string {
  switch (where) {
    case 'plain':
      return `"\${${name}}"`;
    case 'single-quoted':
      return `'"\${${name}}"'`;
    case 'arithmetic':
      return `\${${name}}`;
    default:
      return `\${${name}}`;
  }
}

/** A quoting level: plain text (the top level or inside `$( … )`), single or double quotes. */
interface Frame {
  kind: 'plain' | 'single' | 'double' | 'arithmetic';
  /** Open parentheses inside a `$( … )` frame; the frame ends at the `)` that balances it. */
  parens: number;
  substitution: boolean;
}

/**
 * Tracks quoting through shell text fed in pieces: single and double quotes, backslash escapes,
 * command substitutions `$( … )` (plain text again, even inside double quotes), comments and
 * here-documents (`<<EOF`, `<<-EOF`, `<<'EOF'`). Backquotes are read as plain text. A context read
 * wrongly only changes how a value is split into words, never whether it runs: it is a variable.
 */
class ShellScanner {
  #frames: Frame[] = [{ kind: 'plain', parens: 0, substitution: false }];
  #comment = false;
  #escaped = false;
  #line = '';
  #pending: Array<{ delimiter: string; quoted: boolean; stripTabs: boolean }> = [];
  #heredoc: { delimiter: string; quoted: boolean; stripTabs: boolean } | undefined;

  get context(): ShellContext {
    if (this.#heredoc) return this.#heredoc.quoted ? 'quoted-heredoc' : 'heredoc';
    const kind = this.#top.kind;
    if (kind === 'arithmetic') return 'arithmetic';
    return kind === 'single' ? 'single-quoted' : kind === 'double' ? 'double-quoted' : 'plain';
  }

  get #top(): Frame {
    return this.#frames.at(-1)!;
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (char === '\n') {
        this.#endLine();
        continue;
      }
      this.#line += char;
      if (this.#heredoc || this.#comment) continue;
      if (this.#escaped) {
        this.#escaped = false;
        continue;
      }
      const top = this.#top;
      if (top.kind === 'single') {
        if (char === "'") this.#frames.pop();
        continue;
      }
      if (char === '$' && text[i + 1] === '(') {
        const arithmetic = text[i + 2] === '(';
        this.#frames.push({
          kind: arithmetic ? 'arithmetic' : 'plain',
          parens: arithmetic ? 2 : 1,
          substitution: true,
        });
        this.#line += arithmetic ? '((' : '(';
        i += arithmetic ? 2 : 1;
        continue;
      }
      if (top.kind === 'double') {
        if (char === '\\') this.#escaped = true;
        else if (char === '"') this.#frames.pop();
        continue;
      }
      if (char === '\\') this.#escaped = true;
      else if (char === "'") this.#frames.push({ kind: 'single', parens: 0, substitution: false });
      else if (char === '"') this.#frames.push({ kind: 'double', parens: 0, substitution: false });
      else if (char === '(') top.parens++;
      else if (char === ')' && top.parens > 0) {
        top.parens--;
        if (top.parens === 0 && top.substitution) this.#frames.pop();
      } else if (char === '#' && /(^|[\s;&|()])#$/.test(this.#line)) this.#comment = true;
      else if (char === '<' && text[i + 1] === '<' && this.#frames.length === 1) {
        const match = /^<<(-?)[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i));
        if (match) {
          this.#pending.push({ delimiter: match[3]!, quoted: match[2] !== '', stripTabs: match[1] === '-' });
          this.#line += match[0].slice(1);
          i += match[0].length - 1;
        }
      }
    }
  }

  #endLine(): void {
    const line = this.#line;
    this.#line = '';
    this.#escaped = false;
    this.#comment = false;
    if (this.#heredoc) {
      const candidate = this.#heredoc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (candidate === this.#heredoc.delimiter) this.#heredoc = this.#pending.shift();
      return;
    }
    if (this.#frames.length === 1 && this.#pending.length > 0) this.#heredoc = this.#pending.shift();
  }
}
