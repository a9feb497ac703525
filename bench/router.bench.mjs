// Provider router benchmark, run by Node 24 directly on the TypeScript sources:
//   node --experimental-transform-types --no-warnings bench/router.bench.mjs
// Figures: routing decision p50/p99, router overhead over a direct AI SDK call to the same simulator
// (measured side by side, interleaved, in one run), failover time after a connection reset, and the
// simulator health check. Wall-clock figures belong here, never in tests.
import './ts-source-hooks.mjs';

const { createAnthropic } = await import('@ai-sdk/anthropic');
const { generateText } = await import('ai');
const { createSdkAdapter, ProviderRouter } = await import('../src/providers/index.ts');
const { createSimulator } = await import('../src/simulator/index.ts');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const sortNumbers = (values) => [...values].sort((a, b) => a - b);
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

const sim = await createSimulator();
const specs = [
  ['claude', 'anthropic', 'anthropic', 'claude-sonnet-4-5'],
  ['gemini', 'google', 'gemini', 'gemini-2.5-flash'],
  ['openai', 'openai', 'openai', 'gpt-4o'],
];
const makeRouter = (maxRetries = 0) =>
  new ProviderRouter({
    providers: specs.map(([name, kind, family, model], index) => ({
      adapter: createSdkAdapter({
        name,
        kind,
        defaultModel: model,
        apiKey: 'bench',
        baseURL: sim.baseURL(family),
        simulated: true,
      }),
      priority: index + 1,
      maxRetries,
      timeoutMs: 10_000,
    })),
  });
const request = { messages: [{ role: 'user', content: 'Summarise the release notes for version 2.1' }] };
const results = {};

// 1. Routing decision: planning the provider order for one request (pure, no I/O).
{
  const router = makeRouter();
  for (let i = 0; i < 20_000; i++) router.plan(request);
  const samples = [];
  for (let i = 0; i < 100_000; i++) {
    const start = process.hrtime.bigint();
    router.plan(request);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const sorted = sortNumbers(samples);
  results.routingDecision = { p50Us: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99), targetP99Us: 20 };
}

// 2. Router overhead: the same simulator, the same SDK provider package, interleaved call by call.
{
  const router = makeRouter();
  const direct = createAnthropic({ baseURL: sim.baseURL('anthropic'), apiKey: 'bench' })('claude-sonnet-4-5');
  const routed = { ...request, provider: 'claude', fallback: false };
  for (let i = 0; i < 50; i++) {
    await generateText({ model: direct, messages: request.messages, maxRetries: 0 });
    await router.generate(routed);
  }
  const directTimes = [];
  const routerTimes = [];
  const pairs = [];
  for (let i = 0; i < 400; i++) {
    const first = i % 2 === 0;
    let a = 0;
    let b = 0;
    for (const which of first ? ['direct', 'router'] : ['router', 'direct']) {
      const start = process.hrtime.bigint();
      if (which === 'direct')
        await generateText({ model: direct, messages: request.messages, maxRetries: 0 });
      else await router.generate(routed);
      if (which === 'direct') a = ms(start);
      else b = ms(start);
    }
    directTimes.push(a);
    routerTimes.push(b);
    pairs.push(b - a);
  }
  const directMedian = quantile(sortNumbers(directTimes), 0.5);
  const routerMedian = quantile(sortNumbers(routerTimes), 0.5);
  results.overhead = {
    directMedianMs: directMedian,
    routerMedianMs: routerMedian,
    medianDifferenceMs: routerMedian - directMedian,
    medianPairedDifferenceMs: quantile(sortNumbers(pairs), 0.5),
    ratio: routerMedian / directMedian,
    targetMs: 0.2,
  };
}

// 3. Failover after a connection reset: claude resets every connection, gemini is healthy; no retries on
//    claude so there is no backoff. Measured from the request to gemini's answer, and from claude's error
//    to gemini's answer, against a plain gemini call in the same run.
{
  sim.setFaults([{ provider: 'anthropic', fault: 'connection-reset' }]);
  const router = makeRouter(0);
  let errorAt = 0n;
  const totals = [];
  const afterError = [];
  const plain = [];
  for (let i = 0; i < 60; i++) {
    // A fresh router each time so the breaker never opens and every request meets the reset.
    const fresh = makeRouter(0);
    fresh.on('error', () => {
      errorAt = process.hrtime.bigint();
    });
    const start = process.hrtime.bigint();
    const response = await fresh.generate(request);
    const end = process.hrtime.bigint();
    if (response.provider !== 'gemini') throw new Error(`expected gemini, got ${response.provider}`);
    totals.push(Number(end - start) / 1e6);
    afterError.push(Number(end - errorAt) / 1e6);
    const plainStart = process.hrtime.bigint();
    await router.generate({ ...request, provider: 'gemini', fallback: false });
    plain.push(ms(plainStart));
  }
  sim.clearFaults();
  results.failover = {
    totalMedianMs: quantile(sortNumbers(totals), 0.5),
    totalP95Ms: quantile(sortNumbers(totals), 0.95),
    errorToAnswerMedianMs: quantile(sortNumbers(afterError), 0.5),
    plainGeminiMedianMs: quantile(sortNumbers(plain), 0.5),
    addedByFailoverMedianMs: quantile(sortNumbers(totals), 0.5) - quantile(sortNumbers(plain), 0.5),
    targetMs: 50,
  };
}

// 4. Health check against the simulator (seed target < 100 ms).
{
  const router = makeRouter();
  const samples = [];
  for (let i = 0; i < 50; i++) {
    for (const result of await router.healthCheck()) samples.push(result.latencyMs);
  }
  results.healthCheck = {
    medianMs: quantile(sortNumbers(samples), 0.5),
    p99Ms: quantile(sortNumbers(samples), 0.99),
    targetMs: 100,
  };
}

await sim.close();
const round = (value) => (typeof value === 'number' ? Math.round(value * 1000) / 1000 : value);
const rounded = Object.fromEntries(
  Object.entries(results).map(([key, value]) => [
    key,
    Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)])),
  ]),
);
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ node: process.version, ...rounded }, null, 2)}\n`);
} else {
  const r = rounded;
  process.stdout.write(
    [
      `provider router benchmark (node ${process.version}, simulator in-process)`,
      `routing decision:   p50 ${r.routingDecision.p50Us} µs, p99 ${r.routingDecision.p99Us} µs (target p99 < 20 µs)`,
      `router overhead:    direct AI SDK median ${r.overhead.directMedianMs} ms, via router ${r.overhead.routerMedianMs} ms,` +
        ` difference ${r.overhead.medianDifferenceMs} ms (paired median ${r.overhead.medianPairedDifferenceMs} ms; target ≤ 0.2 ms)`,
      `failover on reset:  request→answer median ${r.failover.totalMedianMs} ms (p95 ${r.failover.totalP95Ms} ms),` +
        ` reset→answer ${r.failover.errorToAnswerMedianMs} ms, plain gemini ${r.failover.plainGeminiMedianMs} ms,` +
        ` added ${r.failover.addedByFailoverMedianMs} ms (target < 50 ms + backoff; backoff here 0)`,
      `health check:       median ${r.healthCheck.medianMs} ms, p99 ${r.healthCheck.p99Ms} ms (seed target < 100 ms)`,
      '',
    ].join('\n'),
  );
}
