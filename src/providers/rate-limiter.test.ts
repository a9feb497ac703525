import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import type { QueueLeave } from './provider-limiter.js';
import { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';
import { RateLimiter } from './rate-limiter.js';

/** Lets every settled promise callback run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RateLimiter', () => {
  it('queues requests over the per-minute limit until the window has room, in order', async () => {
    const clock = createManualClock();
    const limiter = new RateLimiter(clock, { requestsPerMinute: 2 });
    const admitted: number[] = [];
    const tickets = await Promise.all(
      [0, 1, 2, 3].map(async (index) => {
        const ticket = await limiter.acquire(10);
        admitted.push(index);
        return ticket;
      }),
    );
    expect(admitted).toEqual([0, 1, 2, 3]);
    // This clock's sleeps jump time at once, so the fourth joins after the jump (true waits: below).
    expect(tickets.map((t) => t.waitedMs)).toEqual([0, 0, 60_000, 0]);
    expect(clock.now()).toBe(60_000);
  });

  it('queues on tokens per minute and counts the settled, real token figure', async () => {
    const clock = createManualClock();
    const limiter = new RateLimiter(clock, { tokensPerMinute: 1000 });
    const first = await limiter.acquire(900);
    first.settle(100);
    const second = await limiter.acquire(800);
    expect(second.waitedMs).toBe(0);
    const third = await limiter.acquire(500);
    expect(third.waitedMs).toBe(60_000);
  });

  it('does not wait at all without limits, and stops waiting when the signal aborts', async () => {
    const clock = createManualClock();
    expect((await new RateLimiter(clock, {}).acquire(1e9)).waitedMs).toBe(0);
    const limiter = new RateLimiter(clock, { requestsPerMinute: 1 });
    await limiter.acquire(1);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(limiter.acquire(1, { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('never admits more than the limit within any one-minute window, whatever the arrival pattern (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 30 }),
        async (limit, gaps) => {
          const clock = createManualClock();
          const limiter = new RateLimiter(clock, { requestsPerMinute: limit });
          const admittedAt: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            await limiter.acquire(1);
            admittedAt.push(clock.now());
          }
          for (let i = limit; i < admittedAt.length; i++) {
            expect(admittedAt[i]! - admittedAt[i - limit]!).toBeGreaterThanOrEqual(60_000);
          }
        },
      ),
    );
  });

  it('an aborted request leaves the queue at once, even behind others (rateLimitPerMinute 1, abort at 1 s)', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const limiter = new RateLimiter(clock, { requestsPerMinute: 1 });
    await limiter.acquire(1);
    const second = limiter.acquire(1);
    const controller = new AbortController();
    let rejectedAt: number | undefined;
    const third = limiter.acquire(1, { signal: controller.signal }).catch((error: unknown) => {
      rejectedAt = clock.now();
      return error;
    });
    expect(limiter.queued).toBe(2);
    clock.advance(1_000);
    controller.abort(new Error('step timed out'));
    expect(await third).toEqual(new Error('step timed out'));
    expect(rejectedAt).toBe(1_000);
    expect(limiter.queued).toBe(1);
    clock.advance(59_000);
    expect((await second).waitedMs).toBe(60_000);
  });

  it('aborting the head of the queue lets the next one be admitted on its own schedule', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const limiter = new RateLimiter(clock, { requestsPerMinute: 1 });
    await limiter.acquire(1);
    const controller = new AbortController();
    const head = limiter.acquire(1, { signal: controller.signal }).catch(() => 'aborted');
    const next = limiter.acquire(1);
    controller.abort();
    expect(await head).toBe('aborted');
    clock.advance(60_000);
    expect((await next).waitedMs).toBe(60_000);
  });

  it('reports when a request starts waiting and when it leaves, with the whole wait', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const limiter = new RateLimiter(clock, { requestsPerMinute: 1 });
    const events: string[] = [];
    const track = (name: string) => ({
      onWait: () => events.push(`${name} waits at ${clock.now()}`),
      onLeave: (left: QueueLeave) => events.push(`${name} ${left.outcome} after ${left.waitedMs}`),
    });
    const first = limiter.acquire(1, track('a'));
    const second = limiter.acquire(1, track('b'));
    const third = limiter.acquire(1, track('c'));
    await first;
    expect(events).toEqual(['b waits at 0', 'c waits at 0']);
    clock.advance(60_000);
    await second;
    await flush();
    clock.advance(60_000);
    await third;
    expect(events).toEqual([
      'b waits at 0',
      'c waits at 0',
      'b admitted after 60000',
      'c admitted after 120000',
    ]);
  });

  it('gives up after the maximum queue wait with a typed error naming the limit', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const limiter = new RateLimiter(clock, { requestsPerMinute: 1 }, 'claude');
    await limiter.acquire(1);
    const outcomes: QueueLeave[] = [];
    const waiting = limiter
      .acquire(1, { maxWaitMs: 2_000, onLeave: (left) => outcomes.push(left) })
      .catch((error: unknown) => error);
    clock.advance(2_000);
    const error = await waiting;
    expect(RateLimitQueueTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/claude: waited 2000 ms .*1 requests\/min/);
    expect(outcomes).toEqual([{ outcome: 'timed-out', waitedMs: 2_000 }]);
    expect(limiter.queued).toBe(0);
  });

  it('waits at most five minutes by default', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const limiter = new RateLimiter(clock, { requestsPerMinute: 10 });
    limiter.holdFor(600_000);
    const waiting = limiter.acquire(10).catch((error: unknown) => error);
    clock.advance(299_999);
    await flush();
    expect(limiter.queued).toBe(1);
    clock.advance(1);
    expect(RateLimitQueueTimeoutError.isInstance(await waiting)).toBe(true);
  });

  it('holds every request back for a Retry-After', async () => {
    const clock = createManualClock();
    const limiter = new RateLimiter(clock, {});
    limiter.holdFor(5_000);
    expect((await limiter.acquire(1)).waitedMs).toBe(5_000);
    expect((await limiter.acquire(1)).waitedMs).toBe(0);
  });

  it('applies per-model limits on top of the provider-wide ones', async () => {
    const clock = createManualClock();
    const limiter = new RateLimiter(clock, { models: { 'gpt-4o': { requestsPerMinute: 1 } } });
    await limiter.acquire(1, { model: 'gpt-4o' });
    expect((await limiter.acquire(1, { model: 'gpt-4o-mini' })).waitedMs).toBe(0);
    expect((await limiter.acquire(1, { model: 'gpt-4o' })).waitedMs).toBe(60_000);
  });
});
