import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  type CircuitBreakerOptions,
  CircuitState,
  type CircuitTransition,
  defaultCircuitBreakerOptions,
} from './circuit-breaker.js';
import type { ProviderBreaker } from './provider-state.js';

/**
 * Records one outcome in the shared window and opens the circuit for everyone when the window crosses the
 * threshold. KEYS: state hash, successes zset, failures zset. ARGV: now, ok (1/0), windowMs,
 * minimumRequests, errorThreshold, member, channel, provider.
 */
const recordScript = `local now = tonumber(ARGV[1])
if redis.call('hget', KEYS[1], 'state') == 'open' then
  return {'open', redis.call('hget', KEYS[1], 'openedAt'), redis.call('hget', KEYS[1], 'errorRate') or '1'}
end
local target = KEYS[2]
if ARGV[2] == '0' then target = KEYS[3] end
redis.call('zadd', target, now, ARGV[6])
local since = now - tonumber(ARGV[3])
for i = 2, 3 do
  redis.call('zremrangebyscore', KEYS[i], '-inf', since)
  redis.call('pexpire', KEYS[i], ARGV[3])
end
local ok = redis.call('zcard', KEYS[2])
local failed = redis.call('zcard', KEYS[3])
local rate = 0
if ok + failed > 0 then rate = failed / (ok + failed) end
if ARGV[2] == '0' and ok + failed >= tonumber(ARGV[4]) and rate >= tonumber(ARGV[5]) then
  redis.call('hset', KEYS[1], 'state', 'open', 'openedAt', ARGV[1], 'errorRate', tostring(rate))
  redis.call('pexpire', KEYS[1], 86400000)
  redis.call('publish', ARGV[7], ARGV[8] .. '|open|' .. ARGV[1] .. '|' .. tostring(rate))
  return {'open', ARGV[1], tostring(rate)}
end
return {'closed', '0', tostring(rate)}`;

/** The probe's verdict. KEYS: state hash, successes, failures, probe. ARGV: ok, now, channel, provider. */
const verdictScript = `redis.call('del', KEYS[4])
if ARGV[1] == '1' then
  redis.call('del', KEYS[1], KEYS[2], KEYS[3])
  redis.call('publish', ARGV[3], ARGV[4] .. '|closed|0|0')
  return 'closed'
end
redis.call('hset', KEYS[1], 'state', 'open', 'openedAt', ARGV[2], 'errorRate', '1')
redis.call('pexpire', KEYS[1], 86400000)
redis.call('publish', ARGV[3], ARGV[4] .. '|open|' .. ARGV[2] .. '|1')
return 'open'`;

export interface SharedCircuit {
  state: 'open' | 'closed';
  /** Wall-clock ms (processes share Redis, not a monotonic clock). */
  openedAt: number;
  errorRate: number;
}

export interface RedisCircuitBreakerOptions {
  redis: Redis;
  prefix: string;
  provider: string;
  /** Pub/sub channel every process of the deployment listens on. */
  channel: string;
  breaker?: CircuitBreakerOptions | undefined;
  onTransition?: (transition: CircuitTransition) => void;
  /** Wall clock; injectable for tests. */
  now?: () => number;
}

/**
 * A circuit breaker whose window and state live in Redis: failures from every worker count toward one
 * error rate, a circuit opened by one worker is open in all of them (pub/sub at once, and a refresh every
 * second), and after the cooldown exactly one worker takes the half-open probe (`SET NX` with expiry, so
 * a prober that dies frees it). Checks read this process's mirror, so `tryAcquire` costs no round trip
 * while the circuit is closed.
 */
export class RedisCircuitBreaker implements ProviderBreaker {
  private readonly options: Required<CircuitBreakerOptions>;
  private readonly now: () => number;
  private readonly keys: { state: string; ok: string; failed: string; probe: string };
  private mirror: SharedCircuit = { state: 'closed', openedAt: 0, errorRate: 0 };
  private shown: CircuitState = CircuitState.closed;
  private probing = false;

  constructor(private readonly shared: RedisCircuitBreakerOptions) {
    this.options = { ...defaultCircuitBreakerOptions, ...shared.breaker };
    this.now = shared.now ?? Date.now;
    const base = `${shared.prefix}:breaker:${shared.provider}`;
    this.keys = { state: base, ok: `${base}:ok`, failed: `${base}:failed`, probe: `${base}:probe` };
  }

  get state(): CircuitState {
    if (this.mirror.state === 'closed') return CircuitState.closed;
    if (this.probing || this.retryInMs === 0) return CircuitState.halfOpen;
    return CircuitState.open;
  }

  get errorRate(): number {
    return this.mirror.errorRate;
  }

  get retryInMs(): number {
    if (this.mirror.state !== 'open') return 0;
    return Math.max(0, this.mirror.openedAt + this.options.cooldownMs - this.now());
  }

  tryAcquire(): boolean | Promise<boolean> {
    if (this.mirror.state === 'closed') return true;
    if (this.probing || this.retryInMs > 0) return false;
    return this.claimProbe();
  }

  recordSuccess(): void {
    this.record(true);
  }

  recordFailure(): void {
    this.record(false);
  }

  release(): void {
    if (!this.probing) return;
    this.probing = false;
    void this.shared.redis.del(this.keys.probe).catch(() => {});
  }

  /** Reads the shared state into the mirror (on start and on each refresh). */
  async refresh(): Promise<void> {
    const fields = await this.shared.redis.hgetall(this.keys.state);
    this.apply(
      fields.state === 'open'
        ? { state: 'open', openedAt: Number(fields.openedAt), errorRate: Number(fields.errorRate ?? 1) }
        : {
            state: 'closed',
            openedAt: 0,
            errorRate: this.mirror.state === 'open' ? 0 : this.mirror.errorRate,
          },
    );
  }

  /** A state another process published (or this one read back). */
  apply(circuit: SharedCircuit): void {
    this.mirror = circuit;
    if (circuit.state === 'closed') this.probing = false;
    this.show();
  }

  private async claimProbe(): Promise<boolean> {
    const won = await this.shared.redis
      .set(this.keys.probe, randomUUID(), 'PX', this.options.cooldownMs, 'NX')
      .catch(() => null);
    if (won !== 'OK') return false;
    this.probing = true;
    this.show();
    return true;
  }

  private record(ok: boolean): void {
    const { redis, channel, provider } = this.shared;
    const now = this.now();
    if (this.probing) {
      this.probing = false;
      this.apply(
        ok ? { state: 'closed', openedAt: 0, errorRate: 0 } : { state: 'open', openedAt: now, errorRate: 1 },
      );
      void redis
        .eval(
          verdictScript,
          4,
          this.keys.state,
          this.keys.ok,
          this.keys.failed,
          this.keys.probe,
          ok ? '1' : '0',
          String(now),
          channel,
          provider,
        )
        .catch(() => {});
      return;
    }
    const { windowMs, minimumRequests, errorThreshold } = this.options;
    void (
      redis.eval(
        recordScript,
        3,
        this.keys.state,
        this.keys.ok,
        this.keys.failed,
        String(now),
        ok ? '1' : '0',
        String(windowMs),
        String(minimumRequests),
        String(errorThreshold),
        `${now}:${randomUUID()}`,
        channel,
        provider,
      ) as Promise<[string, string, string]>
    )
      .then(([state, openedAt, errorRate]) => {
        if (state === 'open')
          this.apply({ state: 'open', openedAt: Number(openedAt), errorRate: Number(errorRate) });
        else if (this.mirror.state === 'closed')
          this.mirror = { ...this.mirror, errorRate: Number(errorRate) };
      })
      .catch(() => {});
  }

  /** Emits the transition this process now sees, once. */
  private show(): void {
    const to = this.state;
    const from = this.shown;
    if (to === from) return;
    this.shown = to;
    this.shared.onTransition?.({ from, to, errorRate: this.mirror.errorRate });
  }
}
