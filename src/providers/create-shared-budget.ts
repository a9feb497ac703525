import { Redis } from 'ioredis';
import { AutomatosxError, ErrorKind } from '../errors/index.js';
import type { AnswerCache } from './answer-cache.js';
import type { Clock } from './clock.js';
import { createRedisProviderState, type RedisProviderState } from './redis-provider-state.js';
import { createRedisResponseCache } from './redis-response-cache.js';
import { createRedisSpendLedger } from './redis-spend-ledger.js';
import type { SpendLedger } from './spend-ledger.js';

export interface SharedBudgetOptions {
  /** `REDIS_URL`. */
  url: string;
  /** Keys start with it: one per deployment. Default `ax` (`AX_REDIS_PREFIX`). */
  prefix?: string;
  clock: Clock;
  /** Share the response cache too, with this time to live; undefined leaves the cache as configured. */
  cacheTtlMs?: number | undefined;
}

export interface SharedBudget {
  state: RedisProviderState;
  cache: AnswerCache | undefined;
  ledger: SpendLedger;
  close(): Promise<void>;
}

/**
 * Everything a router shares with the other workers of a deployment through one Redis: rate limits,
 * breakers, health figures, spend totals and (when enabled) the response cache. Connects before returning,
 * so a wrong `REDIS_URL` is one clear error at start instead of a failure on every request.
 */
export async function createSharedBudget(options: SharedBudgetOptions): Promise<SharedBudget> {
  const prefix = options.prefix ?? 'ax';
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new AutomatosxError(
      `REDIS_URL is set but Redis did not answer (${(error as Error).message}); start Redis or unset REDIS_URL to keep provider limits in this process`,
      { code: 'redis-unreachable', kind: ErrorKind.failed, cause: error },
    );
  }
  const state = createRedisProviderState({ redis, prefix, clock: options.clock });
  await state.start();
  return {
    state,
    cache:
      options.cacheTtlMs === undefined
        ? undefined
        : createRedisResponseCache({ redis, prefix, ttlMs: options.cacheTtlMs }),
    ledger: createRedisSpendLedger(redis, prefix),
    async close() {
      await state.close();
      await redis.quit().catch(() => {});
    },
  };
}
