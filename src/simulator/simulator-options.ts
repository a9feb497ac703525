/** The wire-format families the simulator speaks; `compat` is mounted once per name. */
export type SimProvider = 'anthropic' | 'openai' | 'gemini' | 'compat';

/** Every fault the simulator can inject; see `docs` in `fault-rule.ts` for what each one does on the wire. */
export const FaultKinds = [
  'rate-limit',
  'server-error',
  'unavailable',
  'overloaded',
  'connection-reset',
  'no-response',
  'slow-first-token',
  'stream-cut',
  'stream-stall',
  'malformed-chunk',
  'missing-terminal-event',
  'context-length',
  'content-filter',
  'bad-key',
] as const;
export type FaultKind = (typeof FaultKinds)[number];

/** When a fault rule fires. All given conditions must hold; no `on` at all means every request. */
export interface FaultCondition {
  /** 1-based request numbers, counted per provider (or compat name) since start or `reset()`. */
  requests?: number[];
  /** Every n-th request of that provider (n, 2n, 3n…): `every: 2` is a flapping provider. */
  every?: number;
  /** Chance per request, drawn from the simulator's seeded random source. */
  probability?: number;
  /** Inclusive range of request numbers. */
  from?: number;
  to?: number;
}

export interface FaultRule {
  /** 'anthropic' | 'openai' | 'gemini' | a compat name; undefined = every provider. */
  provider?: string;
  on?: FaultCondition;
  fault: FaultKind;
  /**
   * Sent as `retry-after` (seconds) on rate-limit, unavailable, overloaded and server-error faults;
   * Gemini gets it on rate-limit only, as `google.rpc.RetryInfo.retryDelay` in the body.
   */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms` (OpenAI style) and, rounded up, as `retry-after`; same faults as above. */
  retryAfterMs?: number;
  /** For mid-stream faults: how many content tokens are delivered before the fault (default 3). */
  afterTokens?: number;
  /** For `slow-first-token` and `stream-stall`: how long; a stall without `delayMs` never resumes. */
  delayMs?: number;
  /** The rule fires at most this many times, then is spent (until `reset()`). */
  times?: number;
}

/** A scripted answer, matched in order; the first rule that matches wins. */
export interface ScriptRule {
  /** 'anthropic' | 'openai' | 'gemini' | a compat name; undefined = every provider. */
  provider?: string;
  /**
   * Case-insensitive substring of the last user message (or of the tool results when
   * `after: 'tool-result'`), or a RegExp tested against it (in-process only; JSON uses `matchRegex`).
   */
  match?: string | RegExp;
  /** Regular expression source (case-insensitive) tested against the same text, e.g. from a JSON config file. */
  matchRegex?: string;
  /** What the rule answers to: the user's message (default) or a tool result coming back. */
  after?: 'user' | 'tool-result';
  /** Text answer; `[simulated] ` is prepended when missing, so a scripted answer is still labelled. */
  reply?: string;
  /** Answer with a tool call instead of text (only when the request offers that tool). */
  toolCall?: { name: string; input: Record<string, unknown> };
  /**
   * The structured answer, exactly as given, to a request that asks for one (JSON text, or the call of
   * the SDK's JSON tool): the way to answer with something that does *not* match the schema.
   */
  object?: unknown;
  /** Fires at most this many times (until `reset()`). */
  times?: number;
}

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 = a free port chosen by the OS (the `ax sim` CLI defaults to 8787). */
  port?: number;
  /** Added before the response starts (status line and headers). Default 0. */
  latencyMs?: number;
  /** Extra delay before the first streamed token. Default 0. */
  firstTokenMs?: number;
  /** Stream pacing; 0 or undefined = as fast as possible. */
  tokensPerSecond?: number;
  faults?: FaultRule[];
  script?: ScriptRule[];
  /** Seed for the random source behind `probability` faults (default 1), so runs repeat. */
  seed?: number;
  /** Injected random source in [0, 1); overrides `seed`. */
  random?: () => number;
}

export interface SimProviderStats {
  requests: number;
  faults: number;
  streams: number;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The base URL to give an SDK client: `${url}/anthropic/v1`, `/openai/v1`, `/gemini/v1beta`, `/compat/<name>/v1`. */
  baseURL(provider: SimProvider, name?: string): string;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setScript(rules: ScriptRule[]): void;
  /** Counters per provider or compat name. */
  stats(): Record<string, SimProviderStats>;
  /** Zeroes counters and spent `times`, and restores the faults and script given at creation. */
  reset(): void;
  /** Closes the server and every socket at once, stalled and never-answered ones included. */
  close(): Promise<void>;
}
