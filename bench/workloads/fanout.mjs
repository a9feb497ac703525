// Workload 2: a fan-out / fan-in DAG (one root, n-2 parallel no-op steps, one sink), durable checkpoints
// on, in a fresh process: total time of one run and the process's peak resident memory afterwards.
//   node bench/workloads/fanout.mjs --engine ax|langgraph|mastra [--steps 1000]
import { openEngine } from './engines/index.mjs';
import { argValue, emit, now, peakRssMiB, tempDir } from './lib.mjs';

const engine = argValue('engine', 'ax');
const steps = Number(argValue('steps', '1000'));
const tmp = tempDir(`fanout-${engine}`);
const adapter = await openEngine(engine, {
  dbPath: tmp.path('bench.db'),
  work: async () => null,
  shapes: [['fanout', steps]],
});
const rssBefore = process.memoryUsage().rss / 2 ** 20;
const start = now();
await adapter.fanout(steps, 'fanout-1');
const totalMs = now() - start;
const peak = peakRssMiB();
await adapter.close();
tmp.remove();
emit({ engine, steps, totalMs, peakRssMiB: peak, rssBeforeRunMiB: rssBefore });
