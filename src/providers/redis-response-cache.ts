import type { Redis } from 'ioredis';
import type { AnswerCache } from './answer-cache.js';
import { type CachedAnswer, type CacheStats, cachedAnswerOf } from './response-cache.js';

export interface RedisResponseCacheOptions {
  redis: Redis;
  prefix: string;
  /** How long an answer stays valid. Default one hour. */
  ttlMs?: number;
}

/**
 * The response cache in Redis, shared by every worker: the same keys as the SQLite cache (`cacheKeyOf`)
 * and the same stored shape, with Redis's own expiry instead of a pruning pass. Hit and miss counts are
 * this process's.
 */
export function createRedisResponseCache(options: RedisResponseCacheOptions): AnswerCache {
  const { redis, prefix } = options;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const full = (key: string) => `${prefix}:cache:${key}`;
  let hits = 0;
  let misses = 0;
  return {
    async get(key) {
      const stored = await redis.get(full(key));
      if (stored === null) {
        misses++;
        return undefined;
      }
      hits++;
      return JSON.parse(stored) as CachedAnswer;
    },
    async set(key, answer) {
      const stored = cachedAnswerOf(answer);
      await redis.set(full(key), JSON.stringify(stored), 'PX', ttlMs);
    },
    async stats(): Promise<CacheStats> {
      let entries = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', full('*'), 'COUNT', 500);
        entries += keys.length;
        cursor = next;
      } while (cursor !== '0');
      const lookups = hits + misses;
      return { hits, misses, hitRate: lookups === 0 ? 0 : hits / lookups, entries };
    },
  };
}
