// Agent system benchmark, run by Node 24 directly on the TypeScript sources:
//   node --experimental-transform-types --no-warnings bench/agents.bench.mjs
// Figures: task routing p50/p99 among the 21 shipped agents and among 1,000 generated profiles, and the
// runtime's own cost per tool-loop turn (beyond the provider call) against the simulator. Wall-clock
// figures belong here, never in tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import './ts-source-hooks.mjs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const { parse } = await import('yaml');
const { loadAgentRegistry, TaskRouter, runAgent, AgentProfileSchema } = await import(
  '../src/agents/index.ts'
);
const { createProviderRouterFromConfig } = await import('../src/providers/index.ts');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const us = (ns) => (Number(ns) / 1e3).toFixed(1);
const fixture = parse(readFileSync(new URL('../test/fixtures/routing-tasks.yaml', import.meta.url), 'utf8'));
const tasks = [...fixture.tasks, ...fixture.heldOut].map((t) => t.task);

/**
 * Wall time per call. On a loaded machine a call that straddles a scheduler preemption takes milliseconds,
 * so the load average is printed with the figures (thread CPU clocks are too coarse here to separate it).
 */
function measureRouting(router, method, rounds) {
  for (let i = 0; i < 2_000; i++) router[method](tasks[i % tasks.length]);
  const wall = new BigInt64Array(rounds);
  for (let i = 0; i < rounds; i++) {
    const task = tasks[i % tasks.length];
    const start = process.hrtime.bigint();
    router[method](task);
    wall[i] = process.hrtime.bigint() - start;
  }
  wall.sort();
  return { p50: quantile(wall, 0.5), p99: quantile(wall, 0.99) };
}

const describeRun = (r) => `p50 ${us(r.p50)} µs, p99 ${us(r.p99)} µs`;

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
const registry = loadAgentRegistry({ projectDirectory: mkdtempSync(join(tmpdir(), 'ax-bench-')) });
const shipped = new TaskRouter(registry.list());
for (const method of ['best', 'route']) {
  const r = measureRouting(shipped, method, 50_000);
  console.log(`routing among ${shipped.size} agents, ${method}(): ${describeRun(r)} (target p99 < 50 µs)`);
}

// 1,000 profiles: the shipped vocabulary recombined plus a unique term each, so postings lists are long
// (many agents share each term), which is the expensive case for the index.
const vocabulary = [...new Set(registry.list().flatMap((p) => p.capabilities.flatMap((c) => c.keywords)))];
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = () => vocabulary[Math.floor(random() * vocabulary.length)];
const base = registry.get('backend');
const generated = Array.from({ length: 1_000 }, (_, index) =>
  AgentProfileSchema.parse({
    ...base,
    name: `agent-${index}`,
    aliases: [],
    canDelegateTo: [],
    specializations: [pick(), pick(), `specialty-${index}`],
    capabilities: Array.from({ length: 4 }, (_, c) => ({
      name: `Capability ${c} of ${index}`,
      confidence: Math.round((0.6 + random() * 0.4) * 100) / 100,
      keywords: Array.from({ length: 10 }, pick),
    })),
  }),
);
const buildStart = process.hrtime.bigint();
const large = new TaskRouter(generated);
console.log(
  `index of 1,000 generated profiles built in ${(Number(process.hrtime.bigint() - buildStart) / 1e6).toFixed(1)} ms`,
);
for (const method of ['best', 'route']) {
  const r = measureRouting(large, method, 10_000);
  console.log(`routing among 1,000 agents, ${method}(): ${describeRun(r)} (target p99 < 1,000 µs)`);
}

// Runtime overhead per tool-loop turn: the same runs through the real router and simulator, with the time
// spent inside the provider calls measured by a thin wrapper and subtracted. Tool time is reported apart.
const configured = await createProviderRouterFromConfig({ cwd: tmpdir(), env: {}, simulator: 'always' });
const workspace = mkdtempSync(join(tmpdir(), 'ax-bench-ws-'));
writeFileSync(join(workspace, 'README.md'), '# Bench\n'.repeat(20));
let providerNs = 0n;
const timedClient = {
  async generate(request, options) {
    const start = process.hrtime.bigint();
    try {
      return await configured.router.generate(request, options);
    } finally {
      providerNs += process.hrtime.bigint() - start;
    }
  },
  async *stream(request, options) {
    const iterator = configured.router.stream(request, options)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const start = process.hrtime.bigint();
        const next = await iterator.next();
        providerNs += process.hrtime.bigint() - start;
        if (next.done) return;
        yield next.value;
      }
    } finally {
      const start = process.hrtime.bigint();
      await iterator.return?.();
      providerNs += process.hrtime.bigint() - start;
    }
  },
};
const turns = 5;
const directive = '[[tool:file {"action":"read","path":"README.md"}]] ';
const task = `Read the readme ${turns} times. ${directive.repeat(turns)}`;
const overheads = [];
const toolTimes = [];
for (const stream of [true, false]) {
  for (let run = 0; run < 60; run++) {
    providerNs = 0n;
    const start = process.hrtime.bigint();
    const result = await runAgent({
      agent: 'writer',
      task: `${task} (${run})`,
      client: timedClient,
      registry,
      workspace,
      permissions: 'read-only',
      stream,
    });
    const totalNs = process.hrtime.bigint() - start;
    const toolNs = BigInt(Math.round(result.toolCalls.reduce((sum, call) => sum + call.durationMs, 0) * 1e6));
    if (run < 10) continue;
    overheads.push({ stream, perTurn: Number(totalNs - providerNs - toolNs) / 1e6 / (turns + 1) });
    toolTimes.push(Number(toolNs) / 1e6 / turns);
  }
}
await configured.close();
for (const stream of [true, false]) {
  const sorted = overheads
    .filter((o) => o.stream === stream)
    .map((o) => o.perTurn)
    .sort((a, b) => a - b);
  console.log(
    `runtime overhead per tool-loop turn (${stream ? 'streaming' : 'generate'}), beyond provider call and tool: ` +
      `p50 ${quantile(sorted, 0.5).toFixed(3)} ms, p99 ${quantile(sorted, 0.99).toFixed(3)} ms (target ≤ 1 ms)`,
  );
}
const toolSorted = toolTimes.sort((a, b) => a - b);
console.log(`file read tool per call (inside the loop): p50 ${quantile(toolSorted, 0.5).toFixed(3)} ms`);
