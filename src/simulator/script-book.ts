import { InvalidInputError } from '../errors/index.js';
import type { ScriptRule } from './simulator-options.js';

/** The scripted rules plus how often each has fired, so `times` can spend a rule. */
export class ScriptBook {
  #rules: ScriptRule[] = [];
  #fired = new Map<ScriptRule, number>();

  constructor(rules: readonly ScriptRule[] = []) {
    this.set(rules);
  }

  set(rules: readonly ScriptRule[]): void {
    for (const rule of rules) compileMatcher(rule);
    this.#rules = [...rules];
    this.#fired.clear();
  }

  rules(): ScriptRule[] {
    return [...this.#rules];
  }

  resetCounters(): void {
    this.#fired.clear();
  }

  /** First unspent rule for this provider and turn whose matcher accepts `text`; marks it fired. */
  take(provider: string, after: 'user' | 'tool-result', text: string): ScriptRule | undefined {
    for (const rule of this.#rules) {
      if (rule.provider !== undefined && rule.provider !== provider) continue;
      if ((rule.after ?? 'user') !== after) continue;
      const fired = this.#fired.get(rule) ?? 0;
      if (rule.times !== undefined && fired >= rule.times) continue;
      if (!compileMatcher(rule)(text)) continue;
      this.#fired.set(rule, fired + 1);
      return rule;
    }
    return undefined;
  }
}

function compileMatcher(rule: ScriptRule): (text: string) => boolean {
  let regex: RegExp | undefined;
  if (rule.matchRegex !== undefined) {
    try {
      regex = new RegExp(rule.matchRegex, 'i');
    } catch (error) {
      throw new InvalidInputError(
        `Simulator script rule has an invalid matchRegex ${JSON.stringify(rule.matchRegex)}: ${(error as Error).message}. Fix the pattern or use "match" for a plain substring.`,
        { code: 'simulator-invalid-script' },
      );
    }
  }
  if (rule.reply === undefined && rule.toolCall === undefined && !('object' in rule)) {
    throw new InvalidInputError(
      `Simulator script rule ${JSON.stringify(rule)} has none of "reply", "toolCall" or "object"; give it one of them.`,
      { code: 'simulator-invalid-script' },
    );
  }
  return (text) =>
    (rule.match === undefined ||
      (typeof rule.match === 'string'
        ? text.toLowerCase().includes(rule.match.toLowerCase())
        : matchesRegex(rule.match, text))) &&
    (regex === undefined || regex.test(text));
}

/** A global or sticky RegExp keeps `lastIndex` between calls; reset it so a rule matches the same way every time. */
function matchesRegex(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  return regex.test(text);
}
