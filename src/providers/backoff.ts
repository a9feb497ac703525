export interface BackoffOptions {
  /** Base of the exponential: try n waits up to base × 2^n. Default 1000 ms (the seed's figure). */
  baseMs?: number;
  /** No wait exceeds this; a provider that asks for longer is failed over at once. Default 10 000 ms. */
  capMs?: number;
}

export const defaultBackoff = { baseMs: 1000, capMs: 10_000 } as const;

/**
 * Full-jitter exponential backoff: a uniform draw in [0, min(cap, base × 2^retryIndex)). Full jitter
 * spreads clients that failed together so they do not retry together (AWS architecture blog, 2015).
 * `random` returns [0, 1) like Math.random and is injected so tests are deterministic.
 */
export function fullJitterDelay(
  retryIndex: number,
  random: () => number,
  options: BackoffOptions = {},
): number {
  const base = options.baseMs ?? defaultBackoff.baseMs;
  const cap = options.capMs ?? defaultBackoff.capMs;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retryIndex));
  return Math.floor(random() * ceiling);
}

/**
 * Reads how long a provider asked us to wait: `retry-after-ms` (OpenAI, Anthropic), `retry-after` in
 * seconds or as an HTTP date, or a Gemini `RetryInfo.retryDelay` ("12s", "0.5s") in the error body.
 */
export function retryAfterFromResponse(
  headers: Record<string, string> | undefined,
  body: string | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const header = (name: string) => {
    if (!headers) return undefined;
    for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
    return undefined;
  };
  const ms = Number.parseFloat(header('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const after = header('retry-after');
  if (after !== undefined) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && /^\s*[\d.]+\s*$/.test(after))
      return Math.max(0, Math.round(seconds * 1000));
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  if (body) {
    const match = /"retryDelay"\s*:\s*"([\d.]+)s"/.exec(body);
    if (match?.[1]) return Math.round(Number.parseFloat(match[1]) * 1000);
  }
  return undefined;
}
