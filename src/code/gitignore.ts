interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  directoryOnly: boolean;
}

/**
 * The rules of one `.gitignore` file (or a list of default patterns), matched against paths relative
 * to the folder that holds it. Supports comments, `!` negation, a trailing `/` for folders only,
 * leading or inner `/` anchoring, `*`, `?`, `[…]` and `**`, as git does.
 */
export class IgnoreRules {
  private readonly rules: IgnoreRule[];

  constructor(patterns: readonly string[]) {
    this.rules = patterns.flatMap((line) => {
      const rule = parseRule(line);
      return rule ? [rule] : [];
    });
  }

  static fromText(text: string): IgnoreRules {
    return new IgnoreRules(text.split(/\r?\n/));
  }

  get size(): number {
    return this.rules.length;
  }

  /** true: ignored, false: explicitly re-included by `!`, undefined: no rule speaks about it. */
  match(relativePath: string, isDirectory: boolean): boolean | undefined {
    let result: boolean | undefined;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.regex.test(relativePath)) result = !rule.negate;
    }
    return result;
  }
}

function parseRule(raw: string): IgnoreRule | undefined {
  let line = raw.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  const body = globToRegex(line);
  return { regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, directoryOnly };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        const atSegmentStart = index === 0 || glob[index - 1] === '/';
        const next = glob[index + 2];
        if (atSegmentStart && next === '/') {
          out += '(?:.*/)?';
          index += 2;
          continue;
        }
        if (atSegmentStart && next === undefined) {
          out += '.*';
          index += 1;
          continue;
        }
      }
      out += '[^/]*';
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let set = glob.slice(index + 1, close);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      out += `[${set.replace(/\\/g, '\\\\')}]`;
      index = close;
    } else if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      out += escapeRegex(glob[index] as string);
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
