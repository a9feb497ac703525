import type { Redis } from 'ioredis';
import type { SpendLedger } from './spend-ledger.js';

const twoDaysSeconds = 2 * 86_400;
const weekSeconds = 7 * 86_400;

/**
 * Spend totals in Redis (`INCRBYFLOAT`, one round trip for all keys of a request), so caps hold for the
 * sum of every worker's spend. Day totals expire after two days, run totals after a week.
 */
export function createRedisSpendLedger(redis: Redis, prefix: string): SpendLedger {
  const full = (key: string) => `${prefix}:spend:${key}`;
  return {
    async add(keys, usd) {
      if (usd <= 0) return;
      const pipeline = redis.pipeline();
      for (const key of keys) {
        pipeline.incrbyfloat(full(key), usd);
        pipeline.expire(full(key), key.startsWith('run:') ? weekSeconds : twoDaysSeconds);
      }
      await pipeline.exec();
    },
    async read(keys) {
      if (keys.length === 0) return [];
      const values = await redis.mget(keys.map(full));
      return values.map((value) => Number(value ?? 0));
    },
  };
}
