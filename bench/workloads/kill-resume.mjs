// Workload 4: kill and resume. A child process runs a 100-step no-op chain and is killed with SIGKILL
// while step 51 (s50) runs, i.e. after steps s0…s49 completed; a second child resumes the run the way
// the engine's docs say. Figures: resume time (resume call → run complete, and → first step started),
// and how many of the 50 completed steps ran again.
//   node bench/workloads/kill-resume.mjs --engine ax|langgraph|langgraph-sync|mastra
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openEngine } from './engines/index.mjs';
import { argValue, emit, now, stepIndex, tempDir } from './lib.mjs';

const engine = argValue('engine', 'ax');
const steps = 100;
const killAt = 50;
const role = argValue('role', 'driver');

if (role === 'run') {
  const adapter = await openEngine(engine, {
    dbPath: argValue('db'),
    shapes: [['chain', steps]],
    work: async (key) => {
      if (stepIndex(key) === killAt) {
        writeSync(1, `@@at ${key}\n`);
        await new Promise(() => {}); // hangs until the driver kills this process
      }
      return null;
    },
  });
  await adapter.chain(steps, argValue('id'));
  throw new Error('the run finished although it should have been killed');
} else if (role === 'resume') {
  const ran = [];
  let firstStepAt = 0;
  const adapter = await openEngine(engine, {
    dbPath: argValue('db'),
    shapes: [['chain', steps]],
    work: async (key) => {
      if (firstStepAt === 0) firstStepAt = now();
      ran.push(stepIndex(key));
      return null;
    },
  });
  const start = now();
  await adapter.resume(argValue('id'), steps);
  const resumeMs = now() - start;
  await adapter.close();
  emit({
    resumeMs,
    toFirstStepMs: firstStepAt - start,
    stepsRun: ran.length,
    completedStepsRunAgain: ran.filter((i) => i < killAt).length,
  });
} else {
  const tmp = tempDir(`kill-${engine}`);
  const self = fileURLToPath(import.meta.url);
  const common = ['--engine', engine, '--db', tmp.path('bench.db'), '--id', `killed-${process.pid}`];
  const child = (extra) =>
    spawn(process.execPath, [self, ...common, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const runner = child(['--role', 'run']);
  await new Promise((resolve, reject) => {
    let text = '';
    runner.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('@@at ')) {
        runner.kill('SIGKILL');
        resolve();
      }
    });
    runner.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        reject(new Error(`the run child exited (${code ?? signal}) before step ${killAt}`));
    });
  });
  await new Promise((resolve) =>
    runner.exitCode !== null || runner.signalCode ? resolve() : runner.on('exit', resolve),
  );
  const spawnedAt = now();
  const resumer = child(['--role', 'resume']);
  let out = '';
  resumer.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => resumer.on('exit', resolve));
  const processMs = now() - spawnedAt;
  tmp.remove();
  const line = out.split('\n').find((l) => l.startsWith('@@result '));
  if (code !== 0 || !line) {
    emit({ engine, failed: `resume child exited ${code}: ${out.trim().slice(-300)}` });
  } else {
    emit({ engine, ...JSON.parse(line.slice(9)), resumeProcessMs: processMs });
  }
}
