// Scale-out benchmark (issue 17): AutomatosX on PostgreSQL and with `ax worker` processes, each figure
// against a baseline measured in the same run:
//   1. durable no-op step on PostgreSQL in-process vs a bare `pg` INSERT (autocommit) on the same server
//   1b. 5-step no-op workflows on PostgreSQL in-process, 200 at once (workflows/s)
//   2. dispatched runs on 1, 2, 3 workers (4 slots each): 5-step workflows of no-op and of 50 ms steps run
//      in-process by a worker built from the library (the peers' workload), and of `exit 0` and
//      `sleep 0.05` shell steps run by `ax worker` (one shell spawned per step)
//   3. 1,000-way fan-out on PostgreSQL in-process: time and peak RSS
//   4. recovery: SIGKILL the worker running a step; time until the step runs again elsewhere and until
//      the workflow completes (median of 5), completed steps re-run
// Needs PostgreSQL and Redis: DATABASE_URL=postgres://… REDIS_URL=redis://… (each run uses its own
// schema and queue). Run: npm run build && node bench/scaleout.bench.mjs [--json] [--only steps,inproc,dispatch,fanout,recovery]
//   [--dispatch noop,wait50,shell-exit0,shell-sleep50]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createRunQueue, resolveDispatchSettings } from '../dist/dispatch/index.js';
import { createEngine, createPostgresWorkflowStore, loadWorkflowFile } from '../dist/index.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl?.startsWith('postgres') || !redisUrl) {
  process.stderr.write('set DATABASE_URL=postgres://… and REDIS_URL=redis://… to run this benchmark\n');
  process.exit(2);
}
const cli = fileURLToPath(new URL('../dist/cli/ax.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ax-scaleout-bench-'));
const tag = `bench_${process.pid}_${Date.now().toString(36)}`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const log = (line) => process.stderr.write(`${line}\n`);
const withSchema = (schema) => `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`;
const noop = { execute: async () => ({ output: null }) };
const loaded = (name, steps) => ({
  file: `/bench/${name}.yaml`,
  source: '',
  subWorkflows: new Map(),
  definition: { name, steps },
});
const chainSteps = (n) =>
  Array.from({ length: n }, (_, i) => ({
    key: `s${i}`,
    run: 'noop',
    ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
  }));

/**
 * A durable no-op step (a 200-step chain run by the engine, per step) against a bare `pg` INSERT in
 * autocommit on the same server, in alternating rounds so that both see the same load on a shared
 * machine; medians of the rounds and the median of each round's ratio.
 */
async function stepsVsBare(count, rounds) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const schema = `${tag}_bare`;
  await pool.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (k TEXT PRIMARY KEY, v TEXT)`);
  const store = createPostgresWorkflowStore(withSchema(`${tag}_steps`));
  const engine = createEngine({ store, executors: { run: noop } });
  const chain = loaded('chain', chainSteps(count));
  const bare = [];
  const steps = [];
  for (let round = -1; round < rounds; round++) {
    let start = performance.now();
    for (let i = 0; i < count; i++)
      await pool.query(`INSERT INTO ${schema}.t VALUES ($1, $2)`, [`${round}-${i}`, '{"output":null}']);
    const bareMs = (performance.now() - start) / count;
    start = performance.now();
    const result = await engine.run(chain);
    if (result.state !== 'completed') throw new Error(result.error);
    // Round -1 warms both paths (connections, the schema's creation, JIT) and is not counted.
    if (round < 0) continue;
    bare.push(bareMs);
    steps.push((performance.now() - start) / count);
  }
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
  await store.close();
  return {
    bareInsertMs: median(bare),
    engineStepMs: median(steps),
    stepVsBare: median(steps.map((ms, round) => ms / bare[round])),
  };
}

async function inProcessWorkflowsPerSecond(count) {
  const store = createPostgresWorkflowStore(withSchema(`${tag}_inproc`));
  const engine = createEngine({ store, executors: { run: noop }, maxConcurrentRuns: count });
  const rates = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const runs = await Promise.all(
      Array.from({ length: count }, () => engine.run(loaded('five', chainSteps(5)))),
    );
    const failed = runs.find((result) => result.state !== 'completed');
    if (failed) throw new Error(failed.error);
    rates.push(count / ((performance.now() - start) / 1000));
  }
  await store.close();
  return median(rates);
}

async function fanOut(width) {
  const store = createPostgresWorkflowStore(withSchema(`${tag}_fan`));
  const engine = createEngine({ store, executors: { run: noop }, concurrency: 64 });
  const steps = [
    { key: 'root', run: 'noop' },
    ...Array.from({ length: width - 2 }, (_, i) => ({ key: `f${i}`, run: 'noop', dependsOn: ['root'] })),
    { key: 'sink', run: 'noop', dependsOn: Array.from({ length: width - 2 }, (_, i) => `f${i}`) },
  ];
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const start = performance.now();
  const result = await engine.run(loaded('fan', steps));
  const ms = performance.now() - start;
  clearInterval(timer);
  await store.close();
  if (result.state !== 'completed') throw new Error(result.error);
  return { ms, peakRssMb: peak / 2 ** 20 };
}

const stepWorker = fileURLToPath(new URL('./workloads/dispatch-worker.mjs', import.meta.url));

/** An `ax worker` (shell steps), or with `inProcess` the same worker whose steps run in-process. */
function startWorker(env, concurrency = 16, inProcess = false) {
  const args = inProcess
    ? [stepWorker, String(concurrency)]
    : [cli, 'worker', '--concurrency', String(concurrency)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let taking = false;
  // Kept only until the worker says it takes runs: its per-step log would cost this process CPU.
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    if (taking) return;
    output += chunk;
    taking = output.includes('taking runs');
  });
  child.stderr.resume();
  const ready = new Promise((resolve) => {
    const check = () => (taking ? resolve() : setTimeout(check, 20));
    check();
  });
  return {
    child,
    ready,
    kill: () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    },
  };
}

/**
 * Workflows/s of `runs` 5-step workflows on `workers` worker processes of `workerConcurrency` slots.
 * `script` is each step's `run:` text: a shell command for `ax worker`, or `noop` / `wait <ms>` for
 * workers whose steps run in-process.
 */
async function dispatched(name, workers, runs, script, inProcess) {
  const schema = `${tag}_${name.replaceAll('-', '_')}_${workers}`;
  const env = {
    DATABASE_URL: withSchema(schema),
    REDIS_URL: redisUrl,
    AX_QUEUE: schema,
    AX_QUEUE_PREFIX: schema,
  };
  const file = join(dir, `${schema}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\nsteps:\n${Array.from({ length: 5 }, (_, i) => `  - key: s${i}\n    run: ${script}${i > 0 ? `\n    dependsOn: s${i - 1}` : ''}`).join('\n')}\n`,
  );
  const store = createPostgresWorkflowStore(env.DATABASE_URL);
  const engine = createEngine({ store });
  const workflow = await loadWorkflowFile(file, { stepKinds: engine.stepKinds });
  // Runs are stored first and enqueued all at once when the clock starts, so the figure is what the
  // workers get through, not how fast one loop in this process can submit (~30 runs/s serially).
  const ids = [];
  for (let i = 0; i < runs; i++) ids.push(await engine.submit(workflow));
  const started = Array.from({ length: workers }, () => startWorker(env, workerConcurrency, inProcess));
  await Promise.all(started.map((worker) => worker.ready));
  const queue = createRunQueue(resolveDispatchSettings(env));
  const start = performance.now();
  await Promise.all(ids.map((id) => queue.enqueue(id)));
  await queue.close();
  for (;;) {
    const done = (await store.listExecutions({ state: 'completed', limit: runs + 1 })).length;
    if (done >= runs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (performance.now() - start) / 1000;
  for (const worker of started) worker.kill();
  await store.close();
  return runs / seconds;
}

async function recovery(trials) {
  const schema = `${tag}_recovery`;
  const env = {
    DATABASE_URL: withSchema(schema),
    REDIS_URL: redisUrl,
    AX_QUEUE: schema,
    AX_QUEUE_PREFIX: schema,
  };
  const mark = join(dir, 'recovery.log');
  const file = join(dir, 'recovery.yaml');
  writeFileSync(
    file,
    `name: recovery\nsteps:\n  - key: before\n    run: echo "before $AX_ATTEMPT $AX_EXECUTION_ID" >> ${mark}\n  - key: slow\n    dependsOn: before\n    run: echo "slow $AX_ATTEMPT $(date +%s%3N)" >> ${mark}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi\n`,
  );
  const store = createPostgresWorkflowStore(env.DATABASE_URL);
  const engine = createEngine({ store });
  const workflow = await loadWorkflowFile(file, { stepKinds: engine.stepKinds });
  const workers = [startWorker(env), startWorker(env)];
  await Promise.all(workers.map((worker) => worker.ready));
  const queue = createRunQueue(resolveDispatchSettings(env));
  const rerun = [];
  const complete = [];
  let completedReruns = 0;
  for (let trial = 0; trial < trials; trial++) {
    writeFileSync(mark, '');
    const id = await engine.submit(workflow);
    await queue.enqueue(id);
    while (!readFileSync(mark, 'utf8').includes('slow 1'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    const holder = (await store.getExecution(id)).lease;
    const victim = workers.findIndex((worker) => worker.child.pid === holder.pid);
    const killedAt = Date.now();
    workers[victim].kill();
    while (!readFileSync(mark, 'utf8').includes('slow 2'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    const line = readFileSync(mark, 'utf8')
      .split('\n')
      .find((text) => text.startsWith('slow 2'));
    rerun.push(Number(line.split(' ')[2]) - killedAt);
    while ((await store.getExecution(id)).state !== 'completed')
      await new Promise((resolve) => setTimeout(resolve, 5));
    complete.push(Date.now() - killedAt);
    completedReruns +=
      readFileSync(mark, 'utf8')
        .split('\n')
        .filter((text) => text.startsWith('before')).length - 1;
    workers[victim] = startWorker(env);
    await workers[victim].ready;
  }
  await queue.close();
  for (const worker of workers) worker.kill();
  await store.close();
  return { rerunMs: median(rerun), completeMs: median(complete), completedReruns, trials };
}

const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const wanted = (part) => !only || only.has(part);
const results = {};
if (wanted('steps')) {
  log('1. durable no-op step on PostgreSQL vs bare INSERT …');
  Object.assign(results, await stepsVsBare(200, 9));
  log(
    `   bare ${results.bareInsertMs.toFixed(3)} ms, engine ${results.engineStepMs.toFixed(3)} ms per step (x${results.stepVsBare.toFixed(2)})`,
  );
}
if (wanted('inproc')) {
  log('1b. 5-step no-op workflows on PostgreSQL in-process, 200 at once …');
  results.inProcessWorkflowsPerSecond = await inProcessWorkflowsPerSecond(200);
  log(`   ${results.inProcessWorkflowsPerSecond.toFixed(0)} workflows/s`);
}
// Slots per worker in the dispatched workloads: few enough that the workers, not this bench, are the
// limit, so adding workers shows as throughput.
const workerConcurrency = 4;

// The dispatched workloads: [name, each step's `run:`, runs, steps in-process (true) or `ax worker` (false)].
const dispatchWorkloads = [
  ['noop', 'noop', 300, true],
  ['wait50', 'wait 50', 180, true],
  ['shell-exit0', 'exit 0', 150, false],
  ['shell-sleep50', 'sleep 0.05', 180, false],
];
const dispatchArg = process.argv.indexOf('--dispatch');
const dispatchOnly = dispatchArg > 0 ? new Set(process.argv[dispatchArg + 1].split(',')) : undefined;
if (wanted('dispatch')) {
  log('2. dispatched 5-step workflows on 1, 2, 3 workers …');
  results.dispatched = {};
  for (const [name, script, runs, inProcess] of dispatchWorkloads) {
    if (dispatchOnly && !dispatchOnly.has(name)) continue;
    results.dispatched[name] = {};
    for (const workers of [1, 2, 3]) {
      results.dispatched[name][workers] = await dispatched(name, workers, runs, script, inProcess);
      log(`   ${name} × ${workers} workers: ${results.dispatched[name][workers].toFixed(1)} workflows/s`);
    }
  }
}
if (wanted('fanout')) {
  log('3. 1,000-way fan-out on PostgreSQL …');
  results.fanOut = await fanOut(1000);
  log(`   ${results.fanOut.ms.toFixed(0)} ms, peak RSS ${results.fanOut.peakRssMb.toFixed(0)} MB`);
}
if (wanted('recovery')) {
  log('4. recovery after SIGKILL of the worker running a step (5 trials) …');
  results.recovery = await recovery(5);
  log(
    `   step again after ${results.recovery.rerunMs} ms, workflow complete after ${results.recovery.completeMs} ms`,
  );
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const schemas = (await pool.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${tag}%`]))
  .rows;
for (const { nspname } of schemas) await pool.query(`DROP SCHEMA ${nspname} CASCADE`);
await pool.end();
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
