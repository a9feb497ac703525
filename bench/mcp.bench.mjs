// MCP round trip over stdio: `route_task` of the built `ax mcp` against the `echo` tool of a bare SDK
// server (bench/workloads/mcp-echo-server.mjs), both driven by the SDK's Client in the same run and
// interleaved in rounds, so the ratio says what AutomatosX adds to a call (routing over 21 profiles,
// zod in/out validation, structured output) beyond the protocol itself. Runs the built dist/.
//   node bench/mcp.bench.mjs [--calls N] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const callsIndex = args.indexOf('--calls');
const calls = callsIndex === -1 ? 2000 : Number(args[callsIndex + 1]);
const rounds = 10;
const warmup = 100;
const ax = fileURLToPath(new URL('../dist/cli/ax.js', import.meta.url));
const echo = fileURLToPath(new URL('./workloads/mcp-echo-server.mjs', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'ax-mcp-bench-'));
const tasks = [
  'Add an index to the orders table',
  'Review the login flow for injection and session fixation',
  'Write release notes for version 2.3',
  'Set up a CI pipeline with canary deploys',
];

async function connect(args) {
  const started = performance.now();
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args, cwd: project, stderr: 'ignore' }),
  );
  return { client, startMs: performance.now() - started };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { calls: sorted.length, medianMs: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
};

const loadBefore = loadavg();
const ours = await connect([ax, 'mcp', '--simulator']);
const bare = await connect([echo]);
const subjects = {
  routeTask: {
    client: ours.client,
    call: (n) => ({ name: 'route_task', arguments: { task: tasks[n % tasks.length] } }),
  },
  sdkEcho: {
    client: bare.client,
    call: (n) => ({ name: 'echo', arguments: { text: tasks[n % tasks.length] } }),
  },
};
const times = { routeTask: [], sdkEcho: [] };
try {
  for (const subject of Object.values(subjects))
    for (let n = 0; n < warmup; n++) await subject.client.callTool(subject.call(n));
  for (let round = 0; round < rounds; round++) {
    for (const [name, subject] of Object.entries(subjects)) {
      for (let n = 0; n < calls / rounds; n++) {
        const started = performance.now();
        const result = await subject.client.callTool(subject.call(n));
        times[name].push(performance.now() - started);
        if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      }
    }
  }
} finally {
  await ours.client.close();
  await bare.client.close();
  rmSync(project, { recursive: true, force: true });
}

const routeTask = summary(times.routeTask);
const sdkEcho = summary(times.sdkEcho);
const figures = {
  loadBefore: loadBefore.map((value) => Number(value.toFixed(2))),
  routeTask: { ...routeTask, startMs: ours.startMs },
  sdkEcho: { ...sdkEcho, startMs: bare.startMs },
  medianRatio: routeTask.medianMs / sdkEcho.medianMs,
  p99Ratio: routeTask.p99Ms / sdkEcho.p99Ms,
  addedMedianMs: routeTask.medianMs - sdkEcho.medianMs,
};
if (json) {
  console.log(JSON.stringify(figures));
} else {
  const row = (name, s) =>
    `${name.padEnd(24)} median ${s.medianMs.toFixed(3)} ms   p99 ${s.p99Ms.toFixed(3)} ms   (${s.calls} calls; connect ${s.startMs.toFixed(0)} ms)`;
  console.log(`load average before: ${figures.loadBefore.join(' ')}`);
  console.log(row('ax mcp route_task', figures.routeTask));
  console.log(row('bare SDK echo server', figures.sdkEcho));
  console.log(
    `ratio: median ×${figures.medianRatio.toFixed(2)}, p99 ×${figures.p99Ratio.toFixed(2)} (+${figures.addedMedianMs.toFixed(3)} ms per call)`,
  );
}
