// Scale-out workloads side by side in one run (issue 17): AutomatosX on PostgreSQL (bench/scaleout.bench.mjs,
// needs `npm run build`), DBOS Transact on the same PostgreSQL (dbos.mjs), Restate in a loopback-only
// network namespace (restate.mjs via `unshare -n`, needs root). One after another, never concurrently.
//   DATABASE_URL=postgres://… REDIS_URL=redis://… node bench/peers/durable/run.mjs [--json] [--only engine|dispatch]
// `engine`: in-process step cost, 5-step workflows/s, fan-out, recovery; `dispatch`: 5-step workflows/s
// with 1, 2, 3 worker processes (no-op steps and 50 ms steps); both by default.
// Install the peers first: (cd bench/peers && npm ci).
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const log = (line) => process.stderr.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const runJson = (command, args, name) => {
  log(`${name} … (load average ${load()})`);
  const output = execFileSync(command, args, {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 16 * 2 ** 20,
    timeout: 300_000,
  });
  const result = JSON.parse(output.trim().split('\n').at(-1));
  log(`   ${JSON.stringify(result)}`);
  return result;
};

const onlyArg = process.argv.indexOf('--only');
const part = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
const results = { loadBefore: load() };
if (part !== 'dispatch') {
  const ours = runJson(
    process.execPath,
    [here('../../scaleout.bench.mjs'), '--only', 'steps,inproc,fanout,recovery'],
    'AutomatosX',
  );
  results.automatosx = {
    stepMs: ours.engineStepMs,
    bareInsertMs: ours.bareInsertMs,
    stepVsBare: ours.stepVsBare,
    workflowsPerSecond: ours.inProcessWorkflowsPerSecond,
    fanOut: ours.fanOut,
    recovery: ours.recovery,
  };
  results.dbos = runJson(process.execPath, [here('dbos.mjs'), 'measure'], 'DBOS Transact');
  results.restate = runJson('unshare', ['-n', process.execPath, here('restate.mjs')], 'Restate');
}
if (part !== 'engine') {
  // Ours with the steps in-process (as the peers' steps are) and with `ax worker` running shell steps.
  results.dispatched = {
    automatosx: runJson(
      process.execPath,
      [here('../../scaleout.bench.mjs'), '--only', 'dispatch'],
      'AutomatosX, dispatched',
    ).dispatched,
    dbos: runJson(process.execPath, [here('dbos.mjs'), 'dispatch'], 'DBOS Transact, dispatched'),
    restate: runJson(
      'unshare',
      ['-n', process.execPath, here('restate.mjs'), 'dispatch'],
      'Restate, dispatched',
    ),
  };
}
results.loadAfter = load();
process.stdout.write(`${JSON.stringify(results, null, process.argv.includes('--json') ? 2 : 0)}\n`);
