import type { Clock } from './clock.js';
import {
  type AcquireOptions,
  defaultMaxQueueWaitMs,
  type ProviderLimiter,
  type RateLimitTicket,
} from './provider-limiter.js';
import { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';

/** What a limiter is asked for the request at the head of the queue. */
export interface AdmissionRequest {
  /** The caller's estimate plus the usual overshoot: what admission counts. */
  tokens: number;
  /** The caller's own estimate. */
  estimate: number;
  model: string | undefined;
  ignoreHold: boolean;
}

/** Admitted (with a way to give the slot back if the caller left meanwhile), or how long to wait. */
export type Admission =
  | { admitted: true; ticket: RateLimitTicket; undo(): void }
  | { admitted: false; waitMs: number };

interface Waiter {
  request: AdmissionRequest;
  joinedAt: number;
  options: AcquireOptions;
  announced: boolean;
  resolve(ticket: RateLimitTicket): void;
  reject(error: unknown): void;
  detach(): void;
}

/**
 * The queue in front of a rate limit, shared by the in-process and the Redis-backed limiters: requests
 * wait first in, first out; only the head asks the limit (`tryAdmit`) and sleeps as long as it says. A
 * waiter whose signal aborts or whose `maxWaitMs` passes leaves at once, wherever it stands.
 */
export abstract class LimiterQueue implements ProviderLimiter {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  /** Wakes the pump from its sleep when the head of the queue leaves. */
  private wake: AbortController | undefined;
  private readonly overshoot = new OvershootEstimate();

  constructor(
    protected readonly clock: Clock,
    protected readonly provider: string,
  ) {}

  abstract readonly limited: boolean;
  abstract holdFor(ms: number): void;
  /** True when `acquire` must ask `tryAdmit` at all (false: admit at once without a queue). */
  protected abstract mustCheck(ignoreHold: boolean): boolean;
  protected abstract tryAdmit(request: AdmissionRequest): Admission | Promise<Admission>;
  /** "30 requests/min, …" for the queue-timeout message. */
  protected abstract describe(model: string | undefined): string;

  get queued(): number {
    return this.queue.length;
  }

  acquire(estimatedTokens: number, options: AcquireOptions = {}): Promise<RateLimitTicket> {
    const ignoreHold = options.ignoreHold === true;
    if (!this.mustCheck(ignoreHold)) return Promise.resolve(freeTicket);
    return new Promise<RateLimitTicket>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const maxWaitMs = options.maxWaitMs ?? defaultMaxQueueWaitMs;
      const waiter: Waiter = {
        request: {
          tokens: estimatedTokens + this.overshoot.tokens,
          estimate: estimatedTokens,
          model: options.model,
          ignoreHold,
        },
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
            `${this.provider}: waited ${maxWaitMs} ms in the rate-limit queue (${this.describe(options.model)}) without being admitted; ` +
              'raise the limit or maxQueueWait, or add another provider to fail over to',
            { provider: this.provider, maxWaitMs },
          ),
        ),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      const behind = this.queue.length > 0;
      this.queue.push(waiter);
      void this.pump();
      // Joined behind others still queued: it is waiting from now on.
      if (behind && this.queue.includes(waiter)) this.announce();
    });
  }

  /** Records how far a call's real usage ran past its estimate, for the next admissions. */
  protected observe(estimate: number, actual: number): void {
    this.overshoot.observe(estimate, actual);
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
        let admission: Admission;
        try {
          const pending = this.tryAdmit(head.request);
          admission = pending instanceof Promise ? await pending : pending;
        } catch (error) {
          // The shared store failed: the head fails with that error rather than waiting forever.
          if (this.queue[0] === head) {
            this.queue.shift();
            head.detach();
            head.reject(error);
          }
          continue;
        }
        if (admission.admitted) {
          if (this.queue[0] !== head) {
            admission.undo();
            continue;
          }
          this.queue.shift();
          this.admit(head, admission.ticket);
          continue;
        }
        if (this.queue[0] !== head) continue;
        this.announce();
        this.wake = new AbortController();
        await this.clock.sleep(admission.waitMs, this.wake.signal).catch(() => {});
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

  private admit(waiter: Waiter, ticket: RateLimitTicket): void {
    waiter.detach();
    // Admitted on its first ask (a shared limiter's round trip is not a wait): it never queued.
    const waitedMs = waiter.announced ? this.clock.now() - waiter.joinedAt : 0;
    if (waiter.announced) waiter.options.onLeave?.({ outcome: 'admitted', waitedMs });
    waiter.resolve({
      waitedMs,
      settle: (actual) => {
        ticket.settle(actual);
        this.observe(waiter.request.estimate, actual);
      },
    });
  }
}

const freeTicket: RateLimitTicket = { waitedMs: 0, settle: () => {} };

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
