// Shared provider budget benchmark, run by Node 24 directly on the TypeScript sources:
//   REDIS_URL=redis://127.0.0.1:6379 node --experimental-transform-types --no-warnings bench/shared-budget.bench.mjs [--json]
// Figure: the latency the router adds before each request goes out for its rate-limit and breaker check
// (breaker.tryAcquire + limiter.acquire, then settle/record after the answer), with the state in Redis
// (shared by every worker) against the in-process state, interleaved sample by sample in one run.
// Limits are set high so that nothing waits: this is the cost of asking, not of queueing.
import './ts-source-hooks.mjs';

const { Redis } = await import('ioredis');
const { systemClock } = await import('../src/providers/clock.ts');
const { createInProcessProviderState } = await import('../src/providers/provider-state.ts');
const { createRedisProviderState } = await import('../src/providers/redis-provider-state.ts');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const prefix = `ax_bench_${process.pid}`;
const shared = createRedisProviderState({ redis, prefix, clock: systemClock });
await shared.start();
const local = createInProcessProviderState(systemClock);
const limits = { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000 };
const sides = Object.fromEntries(
  [
    ['inProcess', local],
    ['redis', shared],
  ].map(([name, state]) => [
    name,
    {
      breaker: state.breaker('claude', undefined, () => {}),
      limiter: state.limiter('claude', limits),
      health: state.health('claude'),
      check: [],
      total: [],
    },
  ]),
);

const once = async (side) => {
  const started = performance.now();
  if (!(await side.breaker.tryAcquire())) throw new Error('breaker refused');
  const ticket = await side.limiter.acquire(500, { model: 'claude-sonnet-4-5' });
  const checked = performance.now();
  ticket.settle(480);
  side.breaker.recordSuccess();
  side.health.recordSuccess(300);
  return [checked - started, performance.now() - started];
};

const samples = process.argv.includes('--quick') ? 300 : 2_000;
for (let i = 0; i < samples + 200; i++) {
  for (const side of i % 2 === 0 ? [sides.inProcess, sides.redis] : [sides.redis, sides.inProcess]) {
    const [check, total] = await once(side);
    if (i >= 200) {
      side.check.push(check);
      side.total.push(total);
    }
  }
}
await shared.close();
const keys = await redis.keys(`${prefix}:*`);
if (keys.length > 0) await redis.del(...keys);
await redis.quit();

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { medianMs: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
};
const round = (value) => Math.round(value * 10_000) / 10_000;
const inProcess = summary(sides.inProcess.check);
const redisCheck = summary(sides.redis.check);
const figures = {
  samples,
  inProcessCheckMedianMs: round(inProcess.medianMs),
  inProcessCheckP99Ms: round(inProcess.p99Ms),
  redisCheckMedianMs: round(redisCheck.medianMs),
  redisCheckP99Ms: round(redisCheck.p99Ms),
  addedMedianMs: round(redisCheck.medianMs - inProcess.medianMs),
  addedP99Ms: round(redisCheck.p99Ms - inProcess.p99Ms),
  redisOverInProcessMedianRatio: round(redisCheck.medianMs / inProcess.medianMs),
  redisWithRecordsMedianMs: round(summary(sides.redis.total).medianMs),
  targetAddedMedianMs: 0.5,
};
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ node: process.version, sharedBudget: figures }, null, 2)}\n`);
} else {
  process.stdout.write(
    [
      `shared provider budget benchmark (node ${process.version}, Redis ${url}, ${samples} samples each, interleaved)`,
      `limiter + breaker check, in process: median ${figures.inProcessCheckMedianMs} ms, p99 ${figures.inProcessCheckP99Ms} ms`,
      `limiter + breaker check, Redis:      median ${figures.redisCheckMedianMs} ms, p99 ${figures.redisCheckP99Ms} ms`,
      `added by sharing: median ${figures.addedMedianMs} ms, p99 ${figures.addedP99Ms} ms (target median ≤ 0.5 ms)`,
      '',
    ].join('\n'),
  );
}
