import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CircuitTransition } from '../../src/providers/circuit-breaker.js';
import { systemClock } from '../../src/providers/clock.js';
import {
  createRedisProviderState,
  type RedisProviderState,
} from '../../src/providers/redis-provider-state.js';
import { describeWithRedis, redisUrl, uniqueServiceName } from '../helpers/services.js';
import { dropKeys } from './worker-processes.test-support.js';

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describeWithRedis('Redis-shared breakers and health (real Redis)', () => {
  let redis: Redis;
  const used: string[] = [];
  const states: RedisProviderState[] = [];
  const connections: Redis[] = [];
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await dropKeys(redisUrl!, used);
    await Promise.all(states.map((state) => state.close()));
    await Promise.all([redis, ...connections].map((connection) => connection.quit()));
  });

  /** Two provider states on one prefix, each on its own connection, stand for two worker processes. */
  const workers = async (count: number) => {
    const prefix = uniqueServiceName('ax_state');
    used.push(prefix);
    const made: RedisProviderState[] = [];
    for (let i = 0; i < count; i++) {
      const connection = redis.duplicate();
      connections.push(connection);
      const state = createRedisProviderState({ redis: connection, prefix, clock: systemClock });
      await state.start();
      made.push(state);
    }
    states.push(...made);
    return made;
  };
  const options = { minimumRequests: 3, errorThreshold: 0.5, cooldownMs: 300 };

  it('failures from two workers count toward one window, and the open circuit reaches the other at once', async () => {
    const [a, b] = await workers(2);
    const seen: CircuitTransition[] = [];
    const breakerA = a!.breaker('claude', options, () => {});
    const breakerB = b!.breaker('claude', options, (transition) => seen.push(transition));
    breakerA.recordFailure();
    breakerB.recordFailure();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(breakerA.state).toBe('closed');
    breakerA.recordFailure();
    expect(await until(() => breakerB.state === 'open')).toBe(true);
    expect(seen[0]).toMatchObject({ from: 'closed', to: 'open' });
    expect(breakerB.retryInMs).toBeGreaterThan(0);
    expect(await breakerB.tryAcquire()).toBe(false);
  });

  it('after the cooldown exactly one worker takes the half-open probe; its success closes the circuit for all', async () => {
    const [a, b, c] = await workers(3);
    const breakers = [a!, b!, c!].map((state) => state.breaker('gemini', options, () => {}));
    for (let i = 0; i < 3; i++) breakers[0]!.recordFailure();
    expect(await until(() => breakers.every((breaker) => breaker.state === 'open'))).toBe(true);
    expect(await until(() => breakers.every((breaker) => breaker.retryInMs === 0))).toBe(true);
    const granted = await Promise.all(breakers.map((breaker) => breaker.tryAcquire()));
    expect(granted.filter(Boolean)).toHaveLength(1);
    const prober = breakers[granted.indexOf(true)]!;
    prober.recordSuccess();
    expect(await until(() => breakers.every((breaker) => breaker.state === 'closed'))).toBe(true);
  });

  it('health figures recorded by one worker are what the other ranks by', async () => {
    const [a, b] = await workers(2);
    const healthA = a!.health('openai');
    const healthB = b!.health('openai');
    healthA.recordSuccess(100);
    healthA.recordFailure('provider-server-error');
    expect(await until(() => healthB.snapshot().requests === 2)).toBe(true);
    expect(healthB.snapshot()).toMatchObject({
      latencyMs: 100,
      failures: 1,
      lastError: 'provider-server-error',
    });
    expect(healthB.snapshot().errorRate).toBeCloseTo(0.2, 5);
  });
});
