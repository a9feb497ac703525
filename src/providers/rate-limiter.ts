import type { Clock } from './clock.js';
import {
  type AcquireOptions,
  defaultMaxQueueWaitMs,
  type ProviderLimiter,
  type RateLimits,
  type RateLimitTicket,
} from './provider-limiter.js';
import { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';

export type { RateLimits } from './provider-limiter.js';

/** Provider-wide limits plus optional tighter limits per model. */
export interface RateLimiterLimits extends RateLimits {
  models?: Readonly<Record<string, RateLimits>> | undefined;
}

const windowMs = 60_000;
const freeTicket: RateLimitTicket = { waitedMs: 0, settle: () => {} };

interface Entry {
  at: number;
  tokens: number;
  model: string | undefined;
}

interface Waiter {
  /** What admission counts: the caller's estimate plus the usual overshoot of estimates. */
  tokens: number;
  /** The caller's own estimate. */
  estimate: number;
  model: string | undefined;
  joinedAt: number;
  options: AcquireOptions;
  announced: boolean;
  resolve(ticket: RateLimitTicket): void;
  reject(error: unknown): void;
  detach(): void;
}

/**
 * In-process requests-per-minute and tokens-per-minute limits over a sliding one-minute log, provider-wide
 * and per model. Requests over the limit queue (first in, first out) until the window has room instead of
 * failing: a burst is smoothed rather than turned into 429s we would then have to retry. A waiter whose
 * signal aborts or whose `maxWaitMs` passes leaves the queue at once, wherever it stands in it.
 */
export class RateLimiter implements ProviderLimiter {
  private log: Entry[] = [];
  private readonly queue: Waiter[] = [];
  private holdUntil = Number.NEGATIVE_INFINITY;
  private readonly overshoot = new OvershootEstimate();
  private pumping = false;
  /** Wakes the pump from its sleep when the head of the queue leaves. */
  private wake: AbortController | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimiterLimits,
    private readonly provider = 'provider',
  ) {}

  get limited(): boolean {
    const { requestsPerMinute, tokensPerMinute, models } = this.limits;
    return (
      requestsPerMinute !== undefined || tokensPerMinute !== undefined || Object.keys(models ?? {}).length > 0
    );
  }

  get queued(): number {
    return this.queue.length;
  }

  holdFor(ms: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.clock.now() + ms);
  }

  acquire(estimatedTokens: number, options: AcquireOptions = {}): Promise<RateLimitTicket> {
    const held = options.ignoreHold !== true && this.clock.now() < this.holdUntil;
    if (!this.limited && !held) return Promise.resolve(freeTicket);
    const tokens = estimatedTokens + this.overshoot.tokens;
    return new Promise<RateLimitTicket>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const maxWaitMs = options.maxWaitMs ?? defaultMaxQueueWaitMs;
      const waiter: Waiter = {
        tokens,
        estimate: estimatedTokens,
        model: options.model,
        joinedAt: this.clock.now(),
        options,
        announced: false,
        resolve,
        reject,
        detach: () => {
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const onAbort = () => this.leave(waiter, 'cancelled', signal?.reason);
      const cancelTimer = this.clock.setTimer(maxWaitMs, () =>
        this.leave(
          waiter,
          'timed-out',
          new RateLimitQueueTimeoutError(
            `${this.provider}: waited ${maxWaitMs} ms in the rate-limit queue (${describeLimits(this.limits, options.model)}) without being admitted; ` +
              'raise the limit or maxQueueWait, or add another provider to fail over to',
            { provider: this.provider, maxWaitMs },
          ),
        ),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
      // Joined behind a pump that is already sleeping: it is waiting from now on.
      if (this.queue.includes(waiter)) this.announce();
    });
  }

  private leave(waiter: Waiter, outcome: 'cancelled' | 'timed-out', reason: unknown): void {
    const index = this.queue.indexOf(waiter);
    if (index < 0) return;
    this.queue.splice(index, 1);
    waiter.detach();
    if (waiter.announced) waiter.options.onLeave?.({ outcome, waitedMs: this.clock.now() - waiter.joinedAt });
    waiter.reject(reason);
    if (index === 0) this.wake?.abort();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const head = this.queue[0];
        if (!head) return;
        const wait = this.waitNeeded(head.tokens, head.model, head.options.ignoreHold === true);
        if (wait <= 0) {
          this.queue.shift();
          this.admit(head);
          continue;
        }
        this.announce();
        this.wake = new AbortController();
        await this.clock.sleep(wait, this.wake.signal).catch(() => {});
      }
    } finally {
      this.wake = undefined;
      this.pumping = false;
    }
  }

  private announce(): void {
    for (const waiter of this.queue) {
      if (waiter.announced) continue;
      waiter.announced = true;
      waiter.options.onWait?.();
    }
  }

  private admit(waiter: Waiter): void {
    waiter.detach();
    const waitedMs = this.clock.now() - waiter.joinedAt;
    if (waiter.announced) waiter.options.onLeave?.({ outcome: 'admitted', waitedMs });
    const entry: Entry = { at: this.clock.now(), tokens: waiter.tokens, model: waiter.model };
    this.log.push(entry);
    waiter.resolve({
      waitedMs,
      settle: (actual) => {
        entry.tokens = actual;
        this.overshoot.observe(waiter.estimate, actual);
      },
    });
  }

  private waitNeeded(tokens: number, model: string | undefined, ignoreHold: boolean): number {
    const now = this.clock.now();
    const since = now - windowMs;
    while (this.log.length > 0 && this.log[0]!.at <= since) this.log.shift();
    let wait = ignoreHold ? 0 : this.holdUntil - now;
    wait = Math.max(wait, windowWait(this.log, this.limits, tokens, now));
    const modelLimits = model === undefined ? undefined : this.limits.models?.[model];
    if (modelLimits) {
      const entries = this.log.filter((entry) => entry.model === model);
      wait = Math.max(wait, windowWait(entries, modelLimits, tokens, now));
    }
    return wait;
  }
}

/** How long until `log` (entries of the last minute, oldest first) has room for one more request of `tokens`. */
function windowWait(log: readonly Entry[], limits: RateLimits, tokens: number, now: number): number {
  let wait = 0;
  const rpm = limits.requestsPerMinute;
  if (rpm !== undefined && log.length >= rpm) {
    wait = Math.max(wait, log[log.length - rpm]!.at + windowMs - now);
  }
  const tpm = limits.tokensPerMinute;
  if (tpm !== undefined && log.length > 0) {
    let used = log.reduce((sum, entry) => sum + entry.tokens, 0);
    // A single request bigger than the whole budget is admitted once the window is empty.
    for (let i = 0; i < log.length && used + tokens > tpm; i++) {
      used -= log[i]!.tokens;
      wait = Math.max(wait, log[i]!.at + windowMs - now);
    }
  }
  return wait;
}

/**
 * How far real usage tends to run past the caller's estimate (prompt ÷ 4 + `maxTokens`). Without
 * `maxTokens` the estimate has no output tokens at all; counting the usual overshoot at admission keeps a
 * burst of such requests from all being admitted before the first one settles its real figure.
 */
export class OvershootEstimate {
  private average: number | undefined;

  constructor(private readonly alpha = 0.3) {}

  get tokens(): number {
    return Math.round(this.average ?? 0);
  }

  observe(estimate: number, actual: number): void {
    const over = Math.max(0, actual - estimate);
    this.average = this.average === undefined ? over : this.average + this.alpha * (over - this.average);
  }
}

/** "30 requests/min, 10000 tokens/min" for messages. */
export function describeLimits(limits: RateLimiterLimits, model?: string): string {
  const parts: string[] = [];
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute} requests/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute} tokens/min`);
  const perModel = model === undefined ? undefined : limits.models?.[model];
  if (perModel?.requestsPerMinute !== undefined)
    parts.push(`${model}: ${perModel.requestsPerMinute} requests/min`);
  if (perModel?.tokensPerMinute !== undefined) parts.push(`${model}: ${perModel.tokensPerMinute} tokens/min`);
  return parts.join(', ') || 'a Retry-After hold';
}
