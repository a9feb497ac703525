import type { CachedAnswer, CacheStats } from './response-cache.js';

/**
 * Where the router keeps complete answers: the SQLite `ResponseCache`, or Redis when every worker should
 * share one cache. Same keys (`cacheKeyOf`) either way; the router stores only successful answers.
 */
export interface AnswerCache {
  get(key: string): CachedAnswer | undefined | Promise<CachedAnswer | undefined>;
  set(key: string, answer: CachedAnswer): void | Promise<void>;
  stats(): CacheStats | Promise<CacheStats>;
}
