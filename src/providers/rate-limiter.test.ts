import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { RateLimiter } from './rate-limiter.js';

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
    await expect(limiter.acquire(1, controller.signal)).rejects.toThrow('stop');
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
});
