import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Clock } from './clock.js';
import { type Admission, type AdmissionRequest, LimiterQueue } from './limiter-queue.js';
import type { RateLimits } from './provider-limiter.js';
import { describeLimits, type RateLimiterLimits } from './rate-limiter.js';

/**
 * rate-limiter-flexible's counter script, changed in two ways: a consume that would go over the limit is
 * refused without being counted (so waiting processes polling the key do not eat the window), and the
 * expiry is in milliseconds from the limiter's own (fractional) duration, so requests can be paced at
 * 60 000 / rpm ms rather than whole seconds. A single request bigger than the whole limit is admitted into
 * an empty window; a reward (a slot given back, a settled overestimate) never takes the count below 0.
 */
const consumeScript = `local points = tonumber(ARGV[1])
if points < 0 then
  local held = tonumber(redis.call('get', KEYS[1]) or '0')
  if held <= 0 then return {0, 0} end
  if held + points < 0 then points = -held end
  return {redis.call('incrby', KEYS[1], points), redis.call('pttl', KEYS[1])}
end
local ms = math.floor(tonumber(ARGV[4]) * 1000)
redis.call('set', KEYS[1], 0, 'PX', ms, 'NX')
local current = tonumber(redis.call('get', KEYS[1]))
local ttl = redis.call('pttl', KEYS[1])
if points > 0 and current > 0 and current + points > tonumber(ARGV[3]) then
  return {current + points, ttl}
end
local consumed = redis.call('incrby', KEYS[1], points)
if ttl == -1 then
  redis.call('pexpire', KEYS[1], ms)
  ttl = ms
end
return {consumed, ttl}`;

/** No request limit configured: the requests key still exists so that a Retry-After can block it. */
const unlimitedRequests = 1_000_000_000;

interface Gate {
  /** Requests: paced, `n` per `60 n / rpm` seconds. */
  requests: RateLimiterRedis;
  /** Tokens over a one-minute window, when limited; `settle` adjusts by the real figure. */
  tokens: RateLimiterRedis | undefined;
  tokensLimit: number;
  key: string;
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix shared by every process of one deployment (and unique per test). */
  prefix: string;
  provider: string;
  limits: RateLimiterLimits;
  clock: Clock;
}

/**
 * Requests-per-minute and tokens-per-minute limits enforced across every process that shares the Redis,
 * through rate-limiter-flexible's Redis limiter. Requests are paced evenly (30 per minute is one every
 * 2 s, never a burst of 30), because workers that each burst up to the limit would together exceed it;
 * within this process they still queue in order and an abort leaves the queue at once (`LimiterQueue`).
 * Processes wake when the key says the next slot opens, so across processes admission goes to whoever
 * asks first after that, not strictly in arrival order.
 */
export class RedisRateLimiter extends LimiterQueue {
  private readonly gates: Gate[];
  private readonly models = new Map<string, Gate>();

  constructor(private readonly options: RedisRateLimiterOptions) {
    super(options.clock, options.provider);
    this.gates = [this.gate(options.provider, options.limits)];
    for (const [model, limits] of Object.entries(options.limits.models ?? {}))
      this.models.set(model, this.gate(`${options.provider}:${model}`, limits));
  }

  get limited(): boolean {
    const { requestsPerMinute, tokensPerMinute, models } = this.options.limits;
    return (
      requestsPerMinute !== undefined || tokensPerMinute !== undefined || Object.keys(models ?? {}).length > 0
    );
  }

  /** Blocks the provider's requests key for every process: nobody is admitted until it expires. */
  holdFor(ms: number): void {
    const gate = this.gates[0]!;
    void gate.requests.block(gate.key, Math.ceil(ms / 1000)).catch(() => {});
  }

  /** Always: even without limits, another worker's Retry-After may be holding the provider. */
  protected mustCheck(): boolean {
    return true;
  }

  protected describe(model: string | undefined): string {
    return describeLimits(this.options.limits, model);
  }

  protected async tryAdmit(request: AdmissionRequest): Promise<Admission> {
    const modelGate = request.model === undefined ? undefined : this.models.get(request.model);
    const gates = modelGate ? [...this.gates, modelGate] : this.gates;
    const taken: { gate: Gate; limiter: RateLimiterRedis; points: number }[] = [];
    const undo = () => {
      for (const { gate, limiter, points } of taken) void limiter.reward(gate.key, points).catch(() => {});
    };
    for (const gate of gates) {
      const steps: [RateLimiterRedis | undefined, number][] = [
        [gate.requests, 1],
        [gate.tokens, Math.max(0, Math.min(Math.ceil(request.tokens), gate.tokensLimit))],
      ];
      for (const [limiter, points] of steps) {
        if (!limiter || points === 0) continue;
        try {
          await limiter.consume(gate.key, points);
          taken.push({ gate, limiter, points });
        } catch (refused) {
          undo();
          if (refused instanceof RateLimiterRes)
            return { admitted: false, waitMs: Math.max(1, refused.msBeforeNext) };
          throw refused;
        }
      }
    }
    const tokenSteps = taken.filter((step) => step.limiter === step.gate.tokens);
    return {
      admitted: true,
      undo,
      ticket: {
        waitedMs: 0,
        settle: (actual) => {
          for (const { gate, points } of tokenSteps) {
            const difference = Math.round(actual) - points;
            if (difference > 0) void this.addWhileWindowLasts(gate, difference);
            else if (difference < 0) void gate.tokens?.reward(gate.key, -difference).catch(() => {});
          }
        },
      },
    };
  }

  /**
   * Counts a settled overshoot in the window the request was admitted to, if it still lasts. Not through
   * the library's `penalty`: ioredis holds one `rlflxIncr` script per connection, and ours refuses
   * increments past the limit, which a settlement must never be.
   */
  private async addWhileWindowLasts(gate: Gate, tokens: number): Promise<void> {
    if (!gate.tokens) return;
    await this.options.redis
      .eval(
        "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return 0",
        1,
        gate.tokens.getKey(gate.key),
        String(tokens),
      )
      .catch(() => {});
  }

  private gate(key: string, limits: RateLimits): Gate {
    const { redis, prefix } = this.options;
    const rpm = limits.requestsPerMinute;
    const perSlot = rpm === undefined ? unlimitedRequests : Math.ceil(rpm / 60);
    const requests = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rate:requests`,
      points: perSlot,
      duration: rpm === undefined ? 60 : (60 * perSlot) / rpm,
      customIncrTtlLuaScript: consumeScript,
    });
    const tpm = limits.tokensPerMinute;
    const tokens =
      tpm === undefined
        ? undefined
        : new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `${prefix}:rate:tokens`,
            points: tpm,
            duration: 60,
            customIncrTtlLuaScript: consumeScript,
          });
    return { requests, tokens, tokensLimit: tpm ?? Number.POSITIVE_INFINITY, key };
  }
}
