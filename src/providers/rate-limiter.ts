import type { Clock } from './clock.js';
import { type Admission, type AdmissionRequest, LimiterQueue } from './limiter-queue.js';
import type { RateLimits } from './provider-limiter.js';

export type { RateLimits } from './provider-limiter.js';

/** Provider-wide limits plus optional tighter limits per model. */
export interface RateLimiterLimits extends RateLimits {
  models?: Readonly<Record<string, RateLimits>> | undefined;
}

const windowMs = 60_000;

interface Entry {
  at: number;
  tokens: number;
  model: string | undefined;
}

/**
 * In-process requests-per-minute and tokens-per-minute limits over a sliding one-minute log, provider-wide
 * and per model. Requests over the limit queue (first in, first out) until the window has room instead of
 * failing: a burst is smoothed rather than turned into 429s we would then have to retry.
 */
export class RateLimiter extends LimiterQueue {
  private log: Entry[] = [];
  private holdUntil = Number.NEGATIVE_INFINITY;

  constructor(
    clock: Clock,
    private readonly limits: RateLimiterLimits,
    provider = 'provider',
  ) {
    super(clock, provider);
  }

  get limited(): boolean {
    const { requestsPerMinute, tokensPerMinute, models } = this.limits;
    return (
      requestsPerMinute !== undefined || tokensPerMinute !== undefined || Object.keys(models ?? {}).length > 0
    );
  }

  holdFor(ms: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.clock.now() + ms);
  }

  protected mustCheck(ignoreHold: boolean): boolean {
    return this.limited || (!ignoreHold && this.clock.now() < this.holdUntil);
  }

  protected describe(model: string | undefined): string {
    return describeLimits(this.limits, model);
  }

  protected tryAdmit(request: AdmissionRequest): Admission {
    const wait = this.waitNeeded(request);
    if (wait > 0) return { admitted: false, waitMs: wait };
    const entry: Entry = { at: this.clock.now(), tokens: request.tokens, model: request.model };
    this.log.push(entry);
    return {
      admitted: true,
      ticket: {
        waitedMs: 0,
        settle: (actual) => {
          entry.tokens = actual;
        },
      },
      undo: () => {
        this.log.splice(this.log.indexOf(entry), 1);
      },
    };
  }

  private waitNeeded({ tokens, model, ignoreHold }: AdmissionRequest): number {
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
