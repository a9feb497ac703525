/** Requests and tokens one provider (or one of its models) may take per minute. */
export interface RateLimits {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

/** Five minutes: how long a request may queue when neither the step nor the provider says otherwise. */
export const defaultMaxQueueWaitMs = 300_000;

export interface AcquireOptions {
  /** Aborting leaves the queue at once: the acquire rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** The model asked for, for per-model limits. */
  model?: string | undefined;
  /** Longest wait in the queue before rejecting with `RateLimitQueueTimeoutError`. */
  maxWaitMs?: number | undefined;
  /** This request has just waited out the provider's Retry-After itself (its retry backoff): skip the hold. */
  ignoreHold?: boolean | undefined;
  /** Called once when the request cannot be admitted at once and starts waiting. */
  onWait?: (() => void) | undefined;
  /** Called once when a request that waited leaves the queue: admitted, cancelled or timed out. */
  onLeave?: ((left: QueueLeave) => void) | undefined;
}

export interface QueueLeave {
  outcome: 'admitted' | 'cancelled' | 'timed-out';
  /** From joining the queue to leaving it, including time spent behind other requests. */
  waitedMs: number;
}

export interface RateLimitTicket {
  /** How long this request queued before it was admitted, ms (0 when admitted at once). */
  waitedMs: number;
  /** Replaces the admission estimate with the tokens the call really used (input + output). */
  settle(actualTokens: number): void;
}

/**
 * A provider's request gate: the in-process `RateLimiter`, or the Redis-shared one that every worker of
 * a deployment consults. Requests over the limit queue in order rather than fail.
 */
export interface ProviderLimiter {
  /** Whether any limit is configured. */
  readonly limited: boolean;
  /** Requests of this process waiting in the queue right now. */
  readonly queued: number;
  acquire(estimatedTokens: number, options?: AcquireOptions): Promise<RateLimitTicket>;
  /** The provider answered 429 with Retry-After: admit nothing for `ms`. */
  holdFor(ms: number): void;
}
