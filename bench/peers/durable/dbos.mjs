// DBOS Transact 5.3 in the scale-out workloads (issue 17), on the PostgreSQL at DATABASE_URL, in its own
// database (created and dropped here). Modes:
//   node dbos.mjs measure   → JSON: no-op step cost, 5-step workflows/s, 1,000-way fan-out, recovery
//   node dbos.mjs dispatch  → JSON: 5-step workflows/s through a WorkflowQueue served by 1, 2, 3
//                             processes, no-op steps and 50 ms steps (the dispatched workloads)
//   node dbos.mjs victim DB MARK  (internal) a process that runs or recovers the recovery workflow
//   node dbos.mjs serve DB INDEX  (internal) a process that runs the queue's workflows
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DBOS } from '@dbos-inc/dbos-sdk';
import pg from 'pg';

const [mode, dbArg, markArg] = process.argv.slice(2);
const base = process.env.DATABASE_URL;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dbUrl = (db) => {
  const url = new URL(base);
  url.pathname = `/${db}`;
  url.search = '';
  return url.toString();
};

if (mode === 'victim') {
  // Recovery workflow: `before` then `slow` (attempt 1 never returns). DBOS.launch() in a fresh process
  // recovers the pending workflows of this executor.
  const mark = markArg;
  const append = (line) => writeFileSync(mark, `${line}\n`, { flag: 'a' });
  DBOS.setConfig({ name: 'ax-bench', systemDatabaseUrl: dbUrl(dbArg) });
  const wf = DBOS.registerWorkflow(
    async () => {
      await DBOS.runStep(async () => append(`before ${process.pid}`), { name: 'before' });
      await DBOS.runStep(
        async () => {
          const slowRuns = readFileSync(mark, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('slow')).length;
          append(`slow ${slowRuns + 1} ${Date.now()}`);
          if (slowRuns === 0) await new Promise((resolve) => setTimeout(resolve, 30_000));
        },
        { name: 'slow' },
      );
      return 'done';
    },
    { name: 'recovery' },
  );
  await DBOS.launch();
  if (process.env.START_ID) await DBOS.startWorkflow(wf, { workflowID: process.env.START_ID })();
  process.stdout.write('ready\n');
  await new Promise(() => {});
}

// The dispatched workloads: a queue served by 1, 2, 3 processes of `slots` workflows each (DBOS's
// `workerConcurrency`), polled every `pollMs` (DBOS's `minPollingIntervalMs`; its default is 1 s).
const dispatchQueue = 'bench';
const slots = 4;
const pollMs = Number(process.env.DBOS_POLL_MS ?? 10);
const version = 'bench';

if (mode === 'serve') {
  DBOS.setConfig({
    name: 'ax-bench',
    systemDatabaseUrl: dbUrl(dbArg),
    executorID: `worker-${markArg}`,
    applicationVersion: version,
  });
  DBOS.registerWorkflow(
    async (waitMs) => {
      for (let i = 0; i < 5; i++)
        await DBOS.runStep(async () => (waitMs > 0 ? await sleep(waitMs) : null), { name: `s${i}` });
      return 5;
    },
    { name: 'five' },
  );
  await DBOS.launch();
  process.stdout.write('ready\n');
  await new Promise(() => {});
}

async function dispatch() {
  const db = `ax_dbos_q_${process.pid}`;
  const admin = new pg.Pool({ connectionString: base, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  // Creates the system database and the queue; this process serves no queue itself.
  DBOS.setConfig({
    name: 'ax-bench',
    systemDatabaseUrl: dbUrl(db),
    listenQueues: ['none'],
    applicationVersion: version,
  });
  await DBOS.launch();
  await DBOS.registerQueue(dispatchQueue, { workerConcurrency: slots, minPollingIntervalMs: pollMs });
  await DBOS.shutdown();
  const { DBOSClient } = await import('@dbos-inc/dbos-sdk');
  const client = await DBOSClient.create({ systemDatabaseUrl: dbUrl(db), applicationName: 'ax-bench' });
  const sys = new pg.Pool({ connectionString: dbUrl(db), max: 1 });
  const self = fileURLToPath(import.meta.url);
  const results = { slots, pollMs };
  for (const [name, waitMs, runs] of [
    ['noop', 0, 300],
    ['wait50', 50, 180],
  ]) {
    results[name] = {};
    for (const workers of [1, 2, 3]) {
      const served = Array.from({ length: workers }, (_, index) => {
        const child = spawn(process.execPath, [self, 'serve', db, String(index)], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        const ready = new Promise((resolve) =>
          child.stdout.on('data', (chunk) => chunk.includes('ready') && resolve()),
        );
        return { child, ready };
      });
      await Promise.all(served.map((worker) => worker.ready));
      const prefix = `${name}-${workers}-`;
      // The clock includes DBOS's enqueue (one INSERT per workflow): its runs are stored by the enqueue.
      const start = performance.now();
      await Promise.all(
        Array.from({ length: runs }, (_, i) =>
          client.enqueue(
            {
              queueName: dispatchQueue,
              workflowName: 'five',
              workflowID: `${prefix}${i}`,
              appVersion: version,
            },
            waitMs,
          ),
        ),
      );
      for (;;) {
        const { rows } = await sys.query(
          "SELECT count(*)::int AS n FROM dbos.workflow_status WHERE status = 'SUCCESS' AND workflow_uuid LIKE $1",
          [`${prefix}%`],
        );
        if (rows[0].n >= runs) break;
        await sleep(10);
      }
      results[name][workers] = runs / ((performance.now() - start) / 1000);
      for (const worker of served) worker.child.kill('SIGKILL');
      await Promise.all(served.map((worker) => new Promise((resolve) => worker.child.once('exit', resolve))));
    }
  }
  await client.destroy();
  await sys.end();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(0);
}

async function measure() {
  const db = `ax_dbos_${process.pid}`;
  const admin = new pg.Pool({ connectionString: base, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  DBOS.setConfig({ name: 'ax-bench', systemDatabaseUrl: dbUrl(db) });
  const chain = DBOS.registerWorkflow(
    async (n) => {
      for (let i = 0; i < n; i++) await DBOS.runStep(async () => null, { name: `s${i}` });
      return n;
    },
    { name: 'chain' },
  );
  const fan = DBOS.registerWorkflow(
    async (width) => {
      await DBOS.runStep(async () => null, { name: 'root' });
      await Promise.all(
        Array.from({ length: width - 2 }, (_, i) => DBOS.runStep(async () => null, { name: `f${i}` })),
      );
      await DBOS.runStep(async () => null, { name: 'sink' });
      return width;
    },
    { name: 'fan' },
  );
  await DBOS.launch();
  const results = {};
  // 1. durable no-op step: 200-step chain, median of 5
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await chain(200);
    rounds.push((performance.now() - start) / 200);
  }
  results.stepMs = median(rounds);
  // 2. 5-step no-op workflows/s: 200 started at once, median of 3
  const rates = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const handles = await Promise.all(Array.from({ length: 200 }, () => DBOS.startWorkflow(chain)(5)));
    await Promise.all(handles.map((handle) => handle.getResult()));
    rates.push(200 / ((performance.now() - start) / 1000));
  }
  results.workflowsPerSecond = median(rates);
  // 3. 1,000-way fan-out (root, 998 parallel steps, sink): time and this process's peak RSS
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const fanStart = performance.now();
  await fan(1000);
  results.fanOut = { ms: performance.now() - fanStart, peakRssMb: peak / 2 ** 20 };
  clearInterval(timer);
  await DBOS.shutdown();
  // 4. recovery: SIGKILL the process running `slow`, start a new one at once; median of 5
  const mark = join(tmpdir(), `ax-dbos-recovery-${process.pid}.log`);
  const rerun = [];
  const complete = [];
  let completedReruns = 0;
  const self = fileURLToPath(import.meta.url);
  const sys = new pg.Pool({ connectionString: dbUrl(db), max: 1 });
  for (let trial = 0; trial < 5; trial++) {
    writeFileSync(mark, '');
    const id = `recovery-${trial}`;
    const first = spawn(process.execPath, [self, 'victim', db, mark], {
      env: { ...process.env, START_ID: id },
      stdio: 'ignore',
    });
    while (!readFileSync(mark, 'utf8').includes('slow 1')) await sleep(5);
    const killedAt = Date.now();
    first.kill('SIGKILL');
    const second = spawn(process.execPath, [self, 'victim', db, mark], { stdio: 'ignore' });
    while (!readFileSync(mark, 'utf8').includes('slow 2')) await sleep(5);
    const line = readFileSync(mark, 'utf8')
      .split('\n')
      .find((text) => text.startsWith('slow 2'));
    rerun.push(Number(line.split(' ')[2]) - killedAt);
    for (;;) {
      const { rows } = await sys.query('SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1', [
        id,
      ]);
      if (rows[0]?.status === 'SUCCESS') break;
      await sleep(5);
    }
    complete.push(Date.now() - killedAt);
    completedReruns +=
      readFileSync(mark, 'utf8')
        .split('\n')
        .filter((text) => text.startsWith('before')).length - 1;
    second.kill('SIGKILL');
  }
  await sys.end();
  results.recovery = { rerunMs: median(rerun), completeMs: median(complete), completedReruns, trials: 5 };
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(0);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (mode === 'measure') await measure();
if (mode === 'dispatch') await dispatch();
