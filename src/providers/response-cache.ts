import { createHash } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { asSchema } from 'ai';
import { type Migration, migrate } from '../store/index.js';
import type { ModelRequest, ModelResponse } from './model-client.js';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'response cache',
    sql: `CREATE TABLE provider_response_cache (
      key TEXT PRIMARY KEY,
      response TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      hits INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX provider_response_cache_expires ON provider_response_cache (expires_at);`,
  },
];

export interface ResponseCacheOptions {
  /** How long an answer stays valid. Default one hour. */
  ttlMs?: number;
  /** Wall-clock time in ms (entries outlive the process, so not a monotonic clock). */
  now?: () => number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any lookup. */
  hitRate: number;
  entries: number;
}

/** The answer as stored: what a replay needs, without per-call fields (latency, attempts). */
export type CachedAnswer = Pick<
  ModelResponse,
  'text' | 'toolCalls' | 'finishReason' | 'usage' | 'provider' | 'model' | 'simulated'
>;

/**
 * Response cache in SQLite, keyed by a hash of the normalised request (messages, tools with their JSON
 * schemas, sampling settings, pinned provider and model). Only complete answers are stored; streams
 * replay from it. Hit and miss counts are kept per process for the hit-rate figure.
 */
export class ResponseCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly select: StatementSync;
  private readonly upsert: StatementSync;
  private readonly touch: StatementSync;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly db: DatabaseSync,
    options: ResponseCacheOptions = {},
  ) {
    migrate(db, 'providers', migrations);
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
    this.select = db.prepare('SELECT response FROM provider_response_cache WHERE key = ? AND expires_at > ?');
    this.upsert = db.prepare(
      `INSERT INTO provider_response_cache (key, response, created_at, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET response = excluded.response, created_at = excluded.created_at,
       expires_at = excluded.expires_at, hits = 0`,
    );
    this.touch = db.prepare('UPDATE provider_response_cache SET hits = hits + 1 WHERE key = ?');
  }

  get(key: string): CachedAnswer | undefined {
    const row = this.select.get(key, this.now());
    if (!row) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.touch.run(key);
    return JSON.parse(String(row.response)) as CachedAnswer;
  }

  set(key: string, answer: CachedAnswer): void {
    const now = this.now();
    const stored = cachedAnswerOf(answer);
    this.upsert.run(key, JSON.stringify(stored), now, now + this.ttlMs);
  }

  /** Drops expired entries; returns how many. */
  prune(): number {
    return Number(
      this.db.prepare('DELETE FROM provider_response_cache WHERE expires_at <= ?').run(this.now()).changes,
    );
  }

  stats(): CacheStats {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM provider_response_cache WHERE expires_at > ?')
      .get(this.now());
    const lookups = this.hits + this.misses;
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups === 0 ? 0 : this.hits / lookups,
      entries: Number(row?.n ?? 0),
    };
  }
}

/** Whether a request may be answered from (and stored in) the cache. */
/** The part of an answer a cache keeps (never the request or its timing). */
export function cachedAnswerOf(answer: CachedAnswer): CachedAnswer {
  return {
    text: answer.text,
    toolCalls: answer.toolCalls,
    finishReason: answer.finishReason,
    usage: answer.usage,
    provider: answer.provider,
    model: answer.model,
    simulated: answer.simulated,
  };
}

export function isCacheable(request: ModelRequest): boolean {
  return request.cache ?? request.temperature === 0;
}

/**
 * Stable key for a request: key order is normalised and tool schemas are resolved to JSON Schema, so two
 * requests that mean the same thing share an entry. Fields that only steer routing (fallback, strategy,
 * runId, cache, restart policy) are left out; a pinned provider and model are part of the key.
 */
export async function cacheKeyOf(request: ModelRequest): Promise<string> {
  const tools: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(request.tools ?? {})) {
    const schema = tool.inputSchema === undefined ? undefined : await asSchema(tool.inputSchema).jsonSchema;
    tools[name] = { description: tool.description ?? null, schema: schema ?? null };
  }
  const normalised = {
    messages: request.messages,
    tools,
    toolChoice: request.toolChoice ?? null,
    temperature: request.temperature ?? null,
    maxTokens: request.maxTokens ?? null,
    output: request.output ?? null,
    provider: request.provider ?? null,
    model: request.model ?? null,
  };
  return createHash('sha256').update(stableStringify(normalised)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value instanceof Uint8Array || value instanceof URL) return JSON.stringify(String(value));
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
}
