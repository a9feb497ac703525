import { redactSecrets } from '../logging/index.js';

export interface WebhookSenderOptions {
  url: string;
  /** Per attempt, in ms (default 5,000). */
  timeoutMs?: number;
  /** Attempts after the first failed one (default 3). */
  retries?: number;
  /** Backoff before retry n is a random share of min(cap, base × 2ⁿ) (full jitter). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status received, if any. */
  status?: number;
  /** Why the last attempt failed, when delivery failed. */
  error?: string;
}

export type WebhookSender = (payload: unknown) => Promise<DeliveryResult>;

/**
 * POSTs JSON to a webhook with a timeout per attempt and retries with full-jitter exponential backoff.
 * Retries what may succeed later (connection failures, timeouts, 408, 429, 5xx) and not what will not
 * (other 4xx: a wrong URL or a rejected payload). Never throws: an alert must not fail the run it
 * reports on, so the result says what happened instead. Payloads are redacted before they leave.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;
  const retries = options.retries ?? 3;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.backoffBaseMs ?? 500;
  const cap = options.backoffCapMs ?? 10_000;
  return async (payload) => {
    const body = JSON.stringify(redactSecrets(payload));
    let last: DeliveryResult = { delivered: false, attempts: 0 };
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1))));
      try {
        const response = await fetchImpl(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'automatosx-alerts' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        // Drain the body so the connection is released; its content is not needed.
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return { delivered: true, attempts: attempt + 1, status: response.status };
        last = {
          delivered: false,
          attempts: attempt + 1,
          status: response.status,
          error: `HTTP ${response.status}`,
        };
        if (!isRetryableStatus(response.status)) return last;
      } catch (error) {
        last = { delivered: false, attempts: attempt + 1, error: describeFailure(error, timeoutMs) };
      }
    }
    return last;
  };
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return String(cause?.code ?? cause?.message ?? (error as Error).message ?? error);
}
