import { InvalidInputError, nearestNames } from '../errors/index.js';
import { FaultKinds, type FaultRule } from './simulator-options.js';

/** The outcome of counting one model request: its 1-based number for the provider and the fault to inject. */
export interface FaultDecision {
  requestNumber: number;
  fault?: FaultRule;
}

/**
 * Fault rules plus the per-provider request counters they are matched against. The first rule whose
 * provider and every `on` condition match, and that is not spent, fires.
 */
export class FaultBook {
  #rules: FaultRule[] = [];
  #fired = new Map<FaultRule, number>();
  #counts = new Map<string, number>();
  readonly #random: () => number;

  constructor(random: () => number, rules: readonly FaultRule[] = []) {
    this.#random = random;
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    for (const rule of rules) validateFaultRule(rule);
    this.#rules = [...rules];
    this.#fired.clear();
  }

  add(rule: FaultRule): void {
    validateFaultRule(rule);
    this.#rules.push(rule);
  }

  rules(): FaultRule[] {
    return [...this.#rules];
  }

  resetCounters(): void {
    this.#fired.clear();
    this.#counts.clear();
  }

  next(provider: string): FaultDecision {
    const requestNumber = (this.#counts.get(provider) ?? 0) + 1;
    this.#counts.set(provider, requestNumber);
    for (const rule of this.#rules) {
      if (rule.provider !== undefined && rule.provider !== provider) continue;
      const fired = this.#fired.get(rule) ?? 0;
      if (rule.times !== undefined && fired >= rule.times) continue;
      if (!this.#matches(rule, requestNumber)) continue;
      this.#fired.set(rule, fired + 1);
      return { requestNumber, fault: rule };
    }
    return { requestNumber };
  }

  #matches(rule: FaultRule, n: number): boolean {
    const on = rule.on;
    if (on === undefined) return true;
    if (on.requests !== undefined && !on.requests.includes(n)) return false;
    if (on.every !== undefined && n % on.every !== 0) return false;
    if (on.from !== undefined && n < on.from) return false;
    if (on.to !== undefined && n > on.to) return false;
    // Drawn last so the random sequence only advances for requests the other conditions accept.
    if (on.probability !== undefined && !(this.#random() < on.probability)) return false;
    return true;
  }
}

/** Rejects rules that could never mean what their author intended, with the fix in the message. */
export function validateFaultRule(rule: FaultRule): void {
  const where = `Simulator fault rule ${JSON.stringify(rule)}`;
  if (!(FaultKinds as readonly string[]).includes(rule.fault)) {
    const near = nearestNames(String(rule.fault), FaultKinds);
    const hint = near.length > 0 ? ` Did you mean ${near.map((name) => `"${name}"`).join(' or ')}?` : '';
    fail(`${where} has an unknown fault "${rule.fault}".${hint} Use one of: ${FaultKinds.join(', ')}.`);
  }
  const on = rule.on ?? {};
  if (on.every !== undefined && !(Number.isInteger(on.every) && on.every >= 1)) {
    fail(`${where}: "on.every" must be a whole number of at least 1.`);
  }
  if (on.probability !== undefined && !(on.probability >= 0 && on.probability <= 1)) {
    fail(`${where}: "on.probability" must be between 0 and 1.`);
  }
  if (on.requests !== undefined && !on.requests.every((n) => Number.isInteger(n) && n >= 1)) {
    fail(`${where}: "on.requests" holds 1-based request numbers (whole numbers ≥ 1).`);
  }
  for (const key of ['retryAfterSeconds', 'retryAfterMs', 'afterTokens', 'delayMs', 'times'] as const) {
    const value = rule[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      fail(`${where}: "${key}" must be a non-negative number.`);
    }
  }
}

function fail(message: string): never {
  throw new InvalidInputError(message, { code: 'simulator-invalid-fault' });
}

/** Mulberry32: a tiny seeded generator, enough to make `probability` faults repeat run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
