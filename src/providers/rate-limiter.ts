import type { Clock } from './clock.js';

export interface RateLimits {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

export interface RateLimitTicket {
  /** How long this request queued before it was admitted, ms. */
  waitedMs: number;
  /** Replaces the admission estimate with the tokens the call really used. */
  settle(actualTokens: number): void;
}

const windowMs = 60_000;
const freeTicket: RateLimitTicket = { waitedMs: 0, settle: () => {} };

/**
 * Per-provider requests-per-minute and tokens-per-minute limits over a sliding one-minute log. Requests
 * over the limit queue (first in, first out) until the window has room instead of failing: a burst is
 * smoothed rather than turned into 429s we would then have to retry.
 */
export class RateLimiter {
  private log: { at: number; tokens: number }[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  get limited(): boolean {
    return this.limits.requestsPerMinute !== undefined || this.limits.tokensPerMinute !== undefined;
  }

  /** Requests queued behind the limit right now. */
  get queued(): number {
    return this.waiting;
  }

  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<RateLimitTicket> {
    if (!this.limited) return Promise.resolve(freeTicket);
    this.waiting++;
    const turn = this.tail.then(() => this.admit(estimatedTokens, signal));
    this.tail = turn.catch(() => {});
    return turn.finally(() => {
      this.waiting--;
    });
  }

  private async admit(tokens: number, signal: AbortSignal | undefined): Promise<RateLimitTicket> {
    let waitedMs = 0;
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitNeeded(tokens);
      if (wait <= 0) break;
      await this.clock.sleep(wait, signal);
      waitedMs += wait;
    }
    const entry = { at: this.clock.now(), tokens };
    this.log.push(entry);
    return {
      waitedMs,
      settle: (actual) => {
        entry.tokens = actual;
      },
    };
  }

  private waitNeeded(tokens: number): number {
    const now = this.clock.now();
    const since = now - windowMs;
    while (this.log.length > 0 && this.log[0]!.at <= since) this.log.shift();
    let wait = 0;
    const rpm = this.limits.requestsPerMinute;
    if (rpm !== undefined && this.log.length >= rpm) {
      wait = Math.max(wait, this.log[this.log.length - rpm]!.at + windowMs - now);
    }
    const tpm = this.limits.tokensPerMinute;
    if (tpm !== undefined && this.log.length > 0) {
      let used = this.log.reduce((sum, entry) => sum + entry.tokens, 0);
      // A single request bigger than the whole budget is admitted once the window is empty.
      for (let i = 0; i < this.log.length && used + tokens > tpm; i++) {
        used -= this.log[i]!.tokens;
        wait = Math.max(wait, this.log[i]!.at + windowMs - now);
      }
    }
    return wait;
  }
}
