import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/providers/clock.js';
import type { RateLimiterLimits } from '../../src/providers/rate-limiter.js';
import { RedisRateLimiter } from '../../src/providers/redis-rate-limiter.js';
import { describeWithRedis, redisUrl, uniqueServiceName } from '../helpers/services.js';
import { dropKeys } from './worker-processes.test-support.js';

describeWithRedis('RedisRateLimiter (real Redis)', () => {
  let redis: Redis;
  const used: string[] = [];
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await dropKeys(redisUrl!, used);
    await redis.quit();
  });

  /** Two limiters on one prefix stand for two processes sharing one provider account. */
  const pair = (limits: RateLimiterLimits) => {
    const prefix = uniqueServiceName('ax_rl');
    used.push(prefix);
    const make = () =>
      new RedisRateLimiter({ redis, prefix, provider: 'claude', limits, clock: systemClock });
    return [make(), make()] as const;
  };

  it('paces requests from two processes together: 300/min is 5 per second, at most 10 in any second', async () => {
    // Paced in slots of 5 per second: a sliding second can straddle two slots (10), never more. Two
    // in-process limiters of 300/min would each admit all 8 of theirs at once.
    const [a, b] = pair({ requestsPerMinute: 300 });
    const admittedAt: number[] = [];
    await Promise.all(
      [a, b].flatMap((limiter) =>
        Array.from({ length: 8 }, async () => {
          await limiter.acquire(1);
          admittedAt.push(Date.now());
        }),
      ),
    );
    expect(admittedAt).toHaveLength(16);
    for (const start of admittedAt) {
      const inWindow = admittedAt.filter((at) => at >= start && at < start + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
  });

  it('an abort leaves the shared queue at once', async () => {
    const [a, b] = pair({ requestsPerMinute: 6 });
    await a.acquire(1);
    const controller = new AbortController();
    let waiting = false;
    const pending = b.acquire(1, { signal: controller.signal, onWait: () => (waiting = true) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waiting).toBe(true);
    controller.abort(new Error('step cancelled'));
    await expect(pending).rejects.toThrow('step cancelled');
    expect(b.queued).toBe(0);
  });

  it('tokens per minute count the settled real usage of the other process', async () => {
    const [a, b] = pair({ tokensPerMinute: 100 });
    const first = await a.acquire(10);
    first.settle(95);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let waited = false;
    const controller = new AbortController();
    const second = b.acquire(20, { signal: controller.signal, onWait: () => (waited = true) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waited).toBe(true);
    controller.abort();
    await second.catch(() => {});
    const small = await b.acquire(5);
    expect(small.waitedMs).toBe(0);
  });

  it('a Retry-After held by one process holds the other, even without limits', async () => {
    const [a, b] = pair({});
    expect((await b.acquire(1)).waitedMs).toBe(0);
    a.holdFor(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let waited = false;
    const ticket = await b.acquire(1, { onWait: () => (waited = true) });
    expect(waited).toBe(true);
    expect(ticket.waitedMs).toBeGreaterThan(0);
  });
});
