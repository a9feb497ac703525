// Integration benchmark: the engine, the agent runtime and the provider router together, against the
// built-in simulator over HTTP (no keys).
//   1. Parallel scaling: a 32-step fan-out of agent steps, 200 ms simulated latency per model call, at
//      concurrency 1 and 8 (target: speed-up >= 6x).
//   2. Resident memory per in-flight workflow (target < 200 KB), RSS delta / 1,000, two ways:
//      a. 1,000 workflows held at an approval step (then approved and finished through a prompt step);
//      b. 1,000 workflows each inside an agent step whose model call is in flight (the simulator runs as a
//         separate `ax sim` process with 10 s latency, so its sockets do not count here, ours do), next to
//         1,000 prompt steps and 1,000 bare AI SDK streamText calls as the baseline.
//   3. Workflows per second at zero simulated latency (each: an agent step, then a prompt step).
// Run: npm run build && node bench/integration.bench.mjs [--json]

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAnthropic } from '@ai-sdk/anthropic';
import { streamText } from 'ai';
import {
  createEngine,
  createSimulator,
  createSqliteWorkflowStore,
  createWorkflowRuntime,
} from '../dist/index.js';

// A full collection before each memory reading, without needing `node --expose-gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const dir = mkdtempSync(join(tmpdir(), 'ax-bench-integration-'));
const now = () => performance.now();
const log = (line) => process.stderr.write(`${line}\n`);
const fastRouter = {
  strategy: 'priority',
  backoffBaseMs: 5,
  backoffCapMs: 50,
  restartInterruptedStreams: false,
};

/** A workflow built in memory, as the engine gets it from loadWorkflowFile (no file to parse). */
const workflow = (name, steps, description) => ({
  file: join(dir, `${name}.yaml`),
  source: '',
  subWorkflows: new Map(),
  definition: { name, ...(description ? { description } : {}), steps },
});

/** Engine + agent/prompt executors + router over the given simulator URL (or an in-process one). */
async function wire(name, { simulatorUrl, engine: engineOptions = {} } = {}) {
  const databasePath = join(dir, `${name}.db`);
  const providers = simulatorUrl
    ? {
        cwd: dir,
        env: {},
        config: {
          providers: {
            'sim-claude': {
              type: 'simulator',
              protocol: 'anthropic',
              url: simulatorUrl,
              enabled: true,
              priority: 1,
            },
          },
          router: fastRouter,
        },
      }
    : { cwd: dir, env: {}, simulator: 'always', config: { providers: {}, router: fastRouter } };
  const runtime = await createWorkflowRuntime(undefined, databasePath, { providers, workspace: dir });
  const store = createSqliteWorkflowStore(databasePath);
  const engine = createEngine({ store, executors: runtime.executors, ...engineOptions });
  return {
    engine,
    async close() {
      await runtime.close();
      store.close();
    },
  };
}

async function parallelScaling() {
  const sim = await createSimulator({ latencyMs: 200 });
  const { engine, close } = await wire('fanout', { simulatorUrl: sim.url });
  const agents = [
    'security',
    'performance',
    'quality',
    'architect',
    'testing',
    'devops',
    'backend',
    'writer',
  ];
  const fanout = workflow(
    'fanout-32',
    Array.from({ length: 32 }, (_, index) => ({
      key: `review-${index}`,
      agent: agents[index % agents.length],
      prompt: `Review module ${index} of the service.`,
    })),
  );
  const timeAt = async (concurrency) => {
    const start = now();
    const result = await engine.run(fanout, { concurrency });
    if (result.state !== 'completed')
      throw new Error(`fan-out at concurrency ${concurrency}: ${result.error}`);
    return now() - start;
  };
  await timeAt(8); // warm-up: loads modules, opens connections
  const serialMs = await timeAt(1);
  const parallelMs = await timeAt(8);
  const requests = sim.stats().anthropic?.requests ?? 0;
  await close();
  await sim.close();
  return { steps: 32, latencyMs: 200, serialMs, parallelMs, speedup: serialMs / parallelMs, requests };
}

async function memoryPerInFlightWorkflow(count) {
  const { engine, close } = await wire('memory', {
    engine: { maxConcurrentRuns: count + 10, pollIntervalMs: 1000 },
  });
  const held = workflow('held', [
    { key: 'gate', approval: 'Release?' },
    { key: 'answer', prompt: 'Write one line of release notes.', dependsOn: 'gate' },
  ]);
  // Warm-up: a few complete runs, so code loading and JIT are in the baseline, not the delta.
  const warm = [];
  const warmWaiting = new Set();
  const stopWarm = engine.on((event) => {
    if (event.type === 'approval-requested') warmWaiting.add(event.executionId);
  });
  for (let index = 0; index < 20; index += 1) warm.push(engine.run(held));
  while (warmWaiting.size < 20) await new Promise((resolve) => setTimeout(resolve, 10));
  for (const id of warmWaiting) await engine.approve(id, 'gate', { approved: true, by: 'bench' });
  await Promise.all(warm);
  stopWarm();

  const before = await settledMemory();
  const waiting = new Set();
  const stop = engine.on((event) => {
    if (event.type === 'approval-requested') waiting.add(event.executionId);
  });
  const startedAt = now();
  const runs = Array.from({ length: count }, () => engine.run(held));
  while (waiting.size < count) await new Promise((resolve) => setTimeout(resolve, 20));
  const startMs = now() - startedAt;
  const during = await settledMemory();
  const drainStart = now();
  for (const id of waiting) await engine.approve(id, 'gate', { approved: true, by: 'bench' });
  const results = await Promise.all(runs);
  const drainMs = now() - drainStart;
  stop();
  await close();
  if (results.some((result) => result.state !== 'completed'))
    throw new Error('a held workflow did not complete');
  return {
    workflows: count,
    rssPerWorkflowKB: (during.rss - before.rss) / count / 1024,
    heapPerWorkflowKB: (during.heapUsed - before.heapUsed) / count / 1024,
    startAllMs: startMs,
    approveAndFinishMs: drainMs,
  };
}

/** Full collections, then the process's memory. */
async function settledMemory() {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  return process.memoryUsage();
}

/** Starts `ax sim` as a child process and returns its base URL. */
async function startSimulatorProcess(latencyMs) {
  const ax = fileURLToPath(new URL('../dist/cli/ax.js', import.meta.url));
  const args = [
    'sim',
    '--port',
    '0',
    '--latency',
    String(latencyMs),
    '--first-token',
    '0',
    '--tps',
    '0',
    '--json',
  ];
  const child = spawn(process.execPath, [ax, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Never leave the simulator behind, even when the benchmark throws.
  const stopOnExit = () => child.kill();
  process.once('exit', stopOnExit);
  child.stdout.setEncoding('utf8');
  let text = '';
  for await (const chunk of child.stdout) {
    text += chunk;
    if (text.includes('\n')) break;
  }
  return {
    url: JSON.parse(text.split('\n')[0]).url,
    async stop() {
      process.off('exit', stopOnExit);
      child.kill();
      await once(child, 'exit');
    },
  };
}

/**
 * Memory per call while `count` calls wait on the simulator (a separate process with 10 s latency, so its
 * sockets are not counted here). `kind`: an agent step (profile, tools, tool loop, router), a prompt step
 * (the router alone), or a bare AI SDK `streamText` call as the baseline every path pays.
 */
async function memoryPerModelCallInFlight(count, kind) {
  const sim = await startSimulatorProcess(10_000);
  const { engine, close } = await wire(`memory-${kind}`, {
    simulatorUrl: sim.url,
    engine: { maxConcurrentRuns: count + 10 },
  });
  const step =
    kind === 'agent' ? { agent: 'quality', prompt: 'Review the change.' } : { prompt: 'Review the change.' };
  const reviewing = workflow(`reviewing-${kind}`, [{ key: 'review', ...step }]);
  const model = createAnthropic({ baseURL: `${sim.url}/anthropic/v1`, apiKey: 'simulated' })(
    'claude-sonnet-4-5',
  );
  const call = async () => {
    if (kind !== 'sdk') {
      const result = await engine.run(reviewing);
      if (result.state !== 'completed') throw new Error(`a ${kind} workflow failed: ${result.error}`);
      return;
    }
    const stream = streamText({ model, prompt: 'Review the change.', maxRetries: 0 });
    for await (const _ of stream.textStream);
  };
  await Promise.all(Array.from({ length: 20 }, call)); // warm-up (one 10 s round)
  const before = await settledMemory();
  const startedAt = now();
  const calls = Array.from({ length: count }, call);
  const received = async () => {
    const stats = await (await fetch(`${sim.url}/_admin/stats`)).json();
    return stats.anthropic?.requests ?? 0;
  };
  // The simulator counts a request when it arrives: wait until every call is on the wire.
  while ((await received()) < count + 20) await new Promise((resolve) => setTimeout(resolve, 50));
  const startMs = now() - startedAt;
  const during = await settledMemory();
  await Promise.all(calls);
  await close();
  await sim.stop();
  return {
    calls: count,
    kind,
    rssPerCallKB: (during.rss - before.rss) / count / 1024,
    heapPerCallKB: (during.heapUsed - before.heapUsed) / count / 1024,
    startAllMs: startMs,
  };
}

async function workflowsPerSecond(count) {
  const { engine, close } = await wire('throughput', { engine: { maxConcurrentRuns: 32 } });
  const twoStep = workflow('two-step', [
    { key: 'review', agent: 'quality', prompt: 'Review the change.' },
    { key: 'summary', prompt: 'Summarise the review in one line.', dependsOn: 'review' },
  ]);
  await Promise.all(Array.from({ length: 20 }, () => engine.run(twoStep))); // warm-up
  const start = now();
  const results = await Promise.all(Array.from({ length: count }, () => engine.run(twoStep)));
  const elapsed = now() - start;
  await close();
  if (results.some((result) => result.state !== 'completed')) throw new Error('a throughput run failed');
  return {
    workflows: count,
    stepsPerWorkflow: 2,
    elapsedMs: elapsed,
    workflowsPerSecond: (count * 1000) / elapsed,
  };
}

// `--only-in-flight [--calls N]`: just the memory of agent steps, prompt steps and bare SDK calls in
// flight (issue 13, item 16), without the approval, scaling and throughput phases.
if (process.argv.includes('--only-in-flight')) {
  const at = process.argv.indexOf('--calls');
  const count = at === -1 ? 1000 : Number(process.argv[at + 1]);
  const held = {};
  for (const kind of ['sdk', 'prompt', 'agent']) {
    log(`memory per in-flight ${kind} call (${count} waiting on the simulator, 10 s latency) …`);
    held[kind] = await memoryPerModelCallInFlight(count, kind);
  }
  rmSync(dir, { recursive: true, force: true });
  const result = {
    agentStep: { ...held.agent, targetKB: 150, met: held.agent.rssPerCallKB <= 150 },
    promptStep: held.prompt,
    bareSdkStream: held.sdk,
  };
  console.log(process.argv.includes('--json') ? JSON.stringify(result) : result);
  process.exit(0);
}

// Memory first, while the process is fresh: an earlier phase would leave the heap grown, and the RSS delta
// would then understate what the in-flight workflows cost.
log('memory per in-flight workflow (1,000 held by approvals) …');
const memory = await memoryPerInFlightWorkflow(1000);
const inModelCall = {};
for (const kind of ['agent', 'prompt', 'sdk']) {
  log(`memory per in-flight ${kind} call (1,000 waiting on the simulator, 10 s latency) …`);
  inModelCall[kind] = await memoryPerModelCallInFlight(1000, kind);
}
log('parallel scaling (32 agent steps, 200 ms latency) …');
const scaling = await parallelScaling();
log('workflows per second (zero latency) …');
const throughput = await workflowsPerSecond(300);
rmSync(dir, { recursive: true, force: true });

const figures = {
  node: process.version,
  parallelScaling: { ...scaling, target: 6, met: scaling.speedup >= 6 },
  // RSS can understate (V8 reuses pages committed during warm-up), so the target is checked on the larger
  // of the RSS and heap deltas.
  memoryPerInFlightWorkflow: {
    ...memory,
    targetKB: 200,
    met: Math.max(memory.rssPerWorkflowKB, memory.heapPerWorkflowKB) < 200,
  },
  // A workflow whose agent step waits on its model call, and what the layers below cost on their own.
  memoryWhileModelCallsInFlight: {
    agentStep: {
      ...inModelCall.agent,
      met: Math.max(inModelCall.agent.rssPerCallKB, inModelCall.agent.heapPerCallKB) < 200,
    },
    promptStep: inModelCall.prompt,
    bareSdkStream: inModelCall.sdk,
    agentStepToBareSdkHeapRatio: inModelCall.agent.heapPerCallKB / inModelCall.sdk.heapPerCallKB,
  },
  throughput: { ...throughput, seedTarget: 50 },
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const f = (value, digits = 1) => value.toFixed(digits);
  const verdict = (met) => (met ? 'target met' : 'TARGET MISSED');
  console.log(`integration (engine + agents + router + simulator over HTTP), ${figures.node}`);
  console.log(
    `  32-step agent fan-out, 200 ms per call                  concurrency 1: ${f(scaling.serialMs, 0)} ms, 8: ${f(scaling.parallelMs, 0)} ms = ${f(scaling.speedup, 2)}x (target >= 6x: ${verdict(figures.parallelScaling.met)})`,
  );
  console.log(
    `  1,000 held at an approval step                          ${f(memory.rssPerWorkflowKB)} KB RSS, ${f(memory.heapPerWorkflowKB)} KB heap each (target < 200 KB: ${verdict(figures.memoryPerInFlightWorkflow.met)}); started in ${f(memory.startAllMs, 0)} ms, approved and finished in ${f(memory.approveAndFinishMs, 0)} ms`,
  );
  const calls = figures.memoryWhileModelCallsInFlight;
  for (const [label, held] of [
    ['an agent step waiting on its model call', calls.agentStep],
    ['a prompt step waiting on its model call', calls.promptStep],
    ['a bare AI SDK streamText call (baseline)', calls.bareSdkStream],
  ]) {
    console.log(
      `  1,000 in ${label.padEnd(44)}  ${f(held.rssPerCallKB)} KB RSS, ${f(held.heapPerCallKB)} KB heap each; all on the wire in ${f(held.startAllMs, 0)} ms`,
    );
  }
  console.log(
    `  agent step in flight / bare SDK call (heap)              ${f(calls.agentStepToBareSdkHeapRatio, 2)}x (target < 200 KB per in-flight workflow: ${verdict(calls.agentStep.met)})`,
  );
  console.log(
    `  agent+prompt workflows at zero latency                  ${f(throughput.workflowsPerSecond)} workflows/s (${throughput.workflows} in ${f(throughput.elapsedMs, 0)} ms; seed target 50/s)`,
  );
}
