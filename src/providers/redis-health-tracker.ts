import type { Redis } from 'ioredis';
import type { HealthSnapshot } from './health-tracker.js';
import type { ProviderHealth } from './provider-state.js';

/**
 * The same moving averages as `HealthTracker`, kept in one Redis hash. KEYS: the hash. ARGV: ok (1/0),
 * latency ms, alpha, error code.
 */
const recordScript = `local errors = tonumber(redis.call('hget', KEYS[1], 'errorRate') or '0')
local alpha = tonumber(ARGV[3])
redis.call('hincrby', KEYS[1], 'requests', 1)
if ARGV[1] == '1' then
  local latency = tonumber(redis.call('hget', KEYS[1], 'latencyMs') or ARGV[2])
  latency = latency + alpha * (tonumber(ARGV[2]) - latency)
  redis.call('hset', KEYS[1], 'latencyMs', tostring(latency))
  errors = errors + alpha * (0 - errors)
else
  redis.call('hincrby', KEYS[1], 'failures', 1)
  redis.call('hset', KEYS[1], 'lastError', ARGV[4])
  errors = errors + alpha * (1 - errors)
end
redis.call('hset', KEYS[1], 'errorRate', tostring(errors))
redis.call('pexpire', KEYS[1], 86400000)
return redis.call('hgetall', KEYS[1])`;

/**
 * Health figures shared by every worker: each outcome updates the hash in one script, and this process
 * reads its mirror (refreshed from the script's answer and every second), so the health-aware strategy
 * ranks providers by what all workers saw, without a round trip per routing decision.
 */
export class RedisHealthTracker implements ProviderHealth {
  private mirror: HealthSnapshot = {
    latencyMs: undefined,
    errorRate: 0,
    requests: 0,
    failures: 0,
    lastError: undefined,
  };

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly alpha = 0.2,
  ) {}

  recordSuccess(latencyMs: number): void {
    this.record(['1', String(latencyMs), String(this.alpha), '']);
  }

  recordFailure(code: string): void {
    this.record(['0', '0', String(this.alpha), code]);
  }

  snapshot(): HealthSnapshot {
    return { ...this.mirror };
  }

  async refresh(): Promise<void> {
    this.apply(await this.redis.hgetall(this.key));
  }

  private record(args: string[]): void {
    void (this.redis.eval(recordScript, 1, this.key, ...args) as Promise<string[]>)
      .then((pairs) => {
        const fields: Record<string, string> = {};
        for (let i = 0; i + 1 < pairs.length; i += 2) fields[pairs[i]!] = pairs[i + 1]!;
        this.apply(fields);
      })
      .catch(() => {});
  }

  private apply(fields: Record<string, string>): void {
    this.mirror = {
      latencyMs: fields.latencyMs === undefined ? undefined : Number(fields.latencyMs),
      errorRate: Number(fields.errorRate ?? 0),
      requests: Number(fields.requests ?? 0),
      failures: Number(fields.failures ?? 0),
      lastError: fields.lastError || undefined,
    };
  }
}
