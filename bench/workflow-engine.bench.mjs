// Workflow engine benchmark: engine cost per durable step against a bare SQLite insert+commit loop
// measured in the same process and run, plus resume and throughput. Parse and graph figures: bench/parse.bench.mjs,
// bench/graph.bench.mjs.
// Run: npm run build && node bench/workflow-engine.bench.mjs [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, createSqliteWorkflowStore, openDatabase } from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ax-bench-'));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const summary = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });
const now = () => performance.now();
const noop = { execute: async () => ({ output: null }) };
const chain = (n) => ({
  file: '/bench/chain.yaml',
  source: '',
  subWorkflows: new Map(),
  definition: {
    name: `chain-${n}`,
    steps: Array.from({ length: n }, (_, i) => ({
      key: `s${i}`,
      run: 'noop',
      ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
    })),
  },
});

/** The floor: one prepared INSERT per transaction, WAL + synchronous=NORMAL like the engine's store. */
function bareCommitMicros(rounds, perRound) {
  const db = openDatabase(join(dir, 'bare.db'));
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
  const commit = db.prepare('COMMIT');
  const results = [];
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    const start = now();
    for (let i = 0; i < perRound; i++) {
      begin.run();
      insert.run(`k${n++}`, 'x');
      commit.run();
    }
    results.push(((now() - start) * 1000) / perRound);
  }
  db.close();
  return summary(results);
}

async function engineStepMicros(rounds, steps) {
  const store = createSqliteWorkflowStore(join(dir, 'engine.db'));
  const engine = createEngine({ store, executors: { run: noop } });
  const workflow = chain(steps);
  await engine.run(chain(10));
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const start = now();
    const result = await engine.run(workflow);
    if (result.state !== 'completed') throw new Error(`bench run ended ${result.state}`);
    results.push(((now() - start) * 1000) / steps);
  }
  store.close();
  return summary(results);
}

async function resumeMillis(rounds) {
  const results = [];
  const toFirstStep = [];
  for (let round = 0; round < rounds; round++) {
    const store = createSqliteWorkflowStore(join(dir, `resume-${round}.db`));
    const failing = createEngine({
      store,
      executors: {
        run: {
          execute: async (context) => {
            if (context.key === 's50') throw new Error('stop here');
            return { output: context.key };
          },
        },
      },
    });
    const failed = await failing.run(chain(100));
    const engine = createEngine({ store, executors: { run: noop } });
    let first = 0;
    engine.on((event) => {
      if (event.type === 'step-started' && first === 0) first = now();
    });
    const start = now();
    const resumed = await engine.resume(failed.executionId);
    if (resumed.state !== 'completed' || resumed.summary.stepsCompleted !== 100)
      throw new Error('resume did not complete');
    results.push(now() - start);
    toFirstStep.push(first - start);
    store.close();
  }
  return { total: summary(results), toFirstStep: summary(toFirstStep) };
}

async function throughputMillis(workflows) {
  const store = createSqliteWorkflowStore(join(dir, 'throughput.db'));
  const engine = createEngine({ store, executors: { run: noop }, maxConcurrentRuns: 16 });
  const five = chain(5);
  const start = now();
  const results = await Promise.all(Array.from({ length: workflows }, () => engine.run(five)));
  const elapsed = now() - start;
  if (results.some((result) => result.state !== 'completed')) throw new Error('a throughput run failed');
  store.close();
  return elapsed;
}

const bare = bareCommitMicros(15, 2000);
const step = await engineStepMicros(60, 100);
const step1000 = await engineStepMicros(9, 1000);
const figures = {
  node: process.version,
  bareCommitMicros: bare,
  engineStepMicros: step,
  engineStepMicros1000: step1000,
  ratioToBareCommit: step.median / bare.median,
  resume100: await resumeMillis(7),
  thousandFiveStepMillis: await throughputMillis(1000),
};
rmSync(dir, { recursive: true, force: true });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const f = (value, digits = 1) => value.toFixed(digits);
  const range = (s, digits = 1) => `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})`;
  console.log(`workflow engine, ${figures.node}`);
  console.log(`  bare SQLite insert+commit           ${range(bare)} µs`);
  console.log(
    `  engine step, 100-step chain          ${range(step)} µs  = ${f(figures.ratioToBareCommit, 2)}× bare commit`,
  );
  console.log(`  engine step, 1,000-step chain        ${range(step1000)} µs`);
  console.log(
    `  resume 100-step run (50 left)        ${range(figures.resume100.total, 2)} ms total, ${range(figures.resume100.toFirstStep, 2)} ms to first step`,
  );
  console.log(`  1,000 five-step workflows            ${f(figures.thousandFiveStepMillis, 0)} ms`);
}
