import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import type { ProviderState } from './provider-state.js';
import { RedisCircuitBreaker } from './redis-circuit-breaker.js';
import { RedisHealthTracker } from './redis-health-tracker.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

export interface RedisProviderStateOptions {
  redis: Redis;
  /** Keys and channels start with it: one per deployment (and one per test). Default `ax`. */
  prefix?: string;
  clock: Clock;
  /** How often the mirrors re-read the shared state, besides pub/sub. Default 1 000 ms. */
  refreshMs?: number;
}

export interface RedisProviderState extends ProviderState {
  /** Subscribes and reads the current shared state; call before the first request. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Breakers, health figures and rate limits shared by every process that uses the same Redis and prefix.
 * A breaker that opens anywhere is published at once and re-read every second, so every worker sees it
 * within a second even if a message is lost; health figures are re-read on the same tick.
 */
export function createRedisProviderState(options: RedisProviderStateOptions): RedisProviderState {
  const { redis, clock } = options;
  const prefix = options.prefix ?? 'ax';
  const channel = `${prefix}:breaker-events`;
  const breakers = new Map<string, RedisCircuitBreaker>();
  const healths = new Map<string, RedisHealthTracker>();
  let subscriber: Redis | undefined;
  let timer: NodeJS.Timeout | undefined;

  const refresh = async () => {
    await Promise.all([...breakers.values(), ...healths.values()].map((item) => item.refresh()));
  };

  return {
    breaker(provider, breakerOptions, onTransition) {
      const breaker = new RedisCircuitBreaker({
        redis,
        prefix,
        provider,
        channel,
        breaker: breakerOptions,
        onTransition,
      });
      breakers.set(provider, breaker);
      return breaker;
    },
    health(provider) {
      const health = new RedisHealthTracker(redis, `${prefix}:health:${provider}`);
      healths.set(provider, health);
      return health;
    },
    limiter(provider, limits) {
      return new RedisRateLimiter({ redis, prefix, provider, limits, clock });
    },
    async start() {
      subscriber = redis.duplicate();
      subscriber.on('message', (_channel: string, message: string) => {
        const [provider, state, openedAt, errorRate] = message.split('|');
        breakers.get(provider ?? '')?.apply({
          state: state === 'open' ? 'open' : 'closed',
          openedAt: Number(openedAt),
          errorRate: Number(errorRate),
        });
      });
      await subscriber.subscribe(channel);
      await refresh();
      timer = setInterval(() => void refresh().catch(() => {}), options.refreshMs ?? 1_000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await subscriber?.quit().catch(() => {});
    },
  };
}
