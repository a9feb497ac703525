// Workload 3: many concurrent short workflows whose steps call a model through the framework's own
// client, against the simulator (20 ms latency). Figures: workflows per second and p50/p95 latency of
// one workflow (start → done), all runs started at once.
//   node bench/workloads/model.mjs --engine ax|langgraph|mastra --url <simulator openai base URL>
//        [--workflows 200] [--steps 5]
import { openEngine } from './engines/index.mjs';
import { modelCall } from './engines/model-clients.mjs';
import { argValue, emit, now, tempDir } from './lib.mjs';

const engine = argValue('engine', 'ax');
const baseURL = argValue('url');
const workflows = Number(argValue('workflows', '200'));
const steps = Number(argValue('steps', '5'));
if (!baseURL) throw new Error('model.mjs needs --url <simulator OpenAI base URL> (see sim-server.mjs)');
const tmp = tempDir(`model-${engine}`);
const call = await modelCall(engine, baseURL);
let calls = 0;
const adapter = await openEngine(engine, {
  dbPath: tmp.path('bench.db'),
  shapes: [['chain', steps]],
  maxConcurrentRuns: workflows,
  work: async (key) => {
    const text = await call(key);
    if (typeof text !== 'string' || !text.includes('[simulated]'))
      throw new Error(`unexpected answer: ${text}`);
    calls++;
    return text.length;
  },
});
await adapter.chain(steps, 'warm-up');
calls = 0;
const latencies = [];
const start = now();
await Promise.all(
  Array.from({ length: workflows }, async (_, i) => {
    const begun = now();
    await adapter.chain(steps, `wf-${i}`);
    latencies.push(now() - begun);
  }),
);
const totalMs = now() - start;
await adapter.close();
tmp.remove();
if (calls !== workflows * steps) throw new Error(`expected ${workflows * steps} model calls, saw ${calls}`);
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
emit({
  engine,
  workflows,
  steps,
  totalMs,
  perSecond: workflows / (totalMs / 1000),
  p50Ms: at(0.5),
  p95Ms: at(0.95),
});
