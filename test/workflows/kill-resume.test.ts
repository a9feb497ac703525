import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { foldStepStates } from '../../src/store/index.js';
import { runCli, startCli } from '../helpers/cli.js';

const stepCount = 50;
const trials = 20;

/** A 50-step DAG with parallel branches; each step checks the outputs of its dependencies. */
function workflowYaml(log: string, random: () => number): { yaml: string; keys: string[] } {
  const keys = Array.from({ length: stepCount }, (_, i) => `s${i}`);
  const steps = keys.map((key, i) => {
    const deps = new Set<string>();
    if (i > 0) deps.add(keys[Math.floor(random() * i)]!);
    if (i > 4 && random() < 0.5) deps.add(keys[i - 1 - Math.floor(random() * 4)]!);
    const checks = [...deps].map((dep) => `test "\${{ steps.${dep}.output }}" = "out-${dep}" || exit 7`);
    const lines = [
      `echo "$AX_STEP_KEY $AX_ATTEMPT" >> ${log}`,
      ...checks,
      ...(i % 3 === 0 ? ['sleep 0.02'] : []),
      `echo "out-${key}"`,
    ];
    return [
      `  - key: ${key}`,
      ...(deps.size > 0 ? [`    dependsOn: [${[...deps].join(', ')}]`] : []),
      '    run: |',
      ...lines.map((line) => `      ${line}`),
    ].join('\n');
  });
  return { yaml: `name: kill-resume\nsteps:\n${steps.join('\n')}\n`, keys };
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function readLog(log: string): Map<string, number[]> {
  const runs = new Map<string, number[]>();
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return runs;
  }
  for (const line of text.split('\n')) {
    const [key, attempt] = line.split(' ');
    if (!key || !attempt) continue;
    runs.set(key, [...(runs.get(key) ?? []), Number(attempt)]);
  }
  return runs;
}

function linesIn(log: string): number {
  try {
    return readFileSync(log, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** Step states as every store derives them: the fold of the event log. */
function stepStates(db: string): { executionId: string; status: Map<string, string> } {
  const connection = new DatabaseSync(db, { readOnly: true });
  try {
    const execution = connection.prepare('SELECT id FROM executions').get();
    const executionId = String(execution?.id);
    const events = connection
      .prepare('SELECT * FROM workflow_events WHERE execution_id = ? ORDER BY seq')
      .all(executionId)
      .map((row) => ({
        executionId,
        seq: Number(row.seq),
        type: String(row.type),
        at: Number(row.at),
        ...(row.step_key === null ? {} : { stepKey: String(row.step_key) }),
        ...(row.attempt === null ? {} : { attempt: Number(row.attempt) }),
      }));
    return {
      executionId,
      status: new Map(foldStepStates(events).map((step) => [step.key, step.status])),
    };
  } finally {
    connection.close();
  }
}

describe('kill -9 and resume', () => {
  it(`never re-runs a succeeded step, over ${trials} kills at random points of a ${stepCount}-step run`, async () => {
    const random = seeded(20261125);
    let resumedTrials = 0;
    for (let trial = 0; trial < trials; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'ax-kill-'));
      const log = join(dir, 'steps.log');
      const db = join(dir, 'ax.db');
      const { yaml, keys } = workflowYaml(log, random);
      writeFileSync(join(dir, 'wf.yaml'), yaml);

      const killAfterLines = 1 + Math.floor(random() * (stepCount - 5));
      const child = startCli(['workflow', 'run', join(dir, 'wf.yaml'), '--db', db, '--concurrency', '4'], {
        cwd: dir,
      });
      const exited = once(child, 'exit');
      let finished = false;
      void exited.then(() => {
        finished = true;
      });
      while (!finished && linesIn(log) < killAfterLines)
        await new Promise((resolve) => setTimeout(resolve, 2));
      if (!finished) process.kill(-child.pid!, 'SIGKILL');
      await exited;

      const atKill = stepStates(db);
      const succeededAtKill = [...atKill.status]
        .filter(([, status]) => status === 'succeeded')
        .map(([key]) => key);
      const runningAtKill = new Set(
        [...atKill.status].filter(([, status]) => status === 'running').map(([key]) => key),
      );
      const before = readLog(log);

      if (succeededAtKill.length < stepCount) {
        resumedTrials++;
        const resumed = await runCli(['workflow', 'resume', atKill.executionId, '--db', db], { cwd: dir });
        expect(resumed.stderr).toBe('');
        expect(resumed.code, resumed.stdout).toBe(0);
      }

      const after = readLog(log);
      const final = stepStates(db);
      for (const key of keys) {
        const runs = after.get(key) ?? [];
        expect(final.status.get(key), `${key} in trial ${trial}`).toBe('succeeded');
        expect(runs.length, `${key} ran at least once (trial ${trial})`).toBeGreaterThanOrEqual(1);
        if (succeededAtKill.includes(key))
          expect(runs, `${key} succeeded before the kill (trial ${trial})`).toEqual(before.get(key));
        if (runs.length > 1) {
          expect(runningAtKill.has(key), `${key} ran twice but was not in flight (trial ${trial})`).toBe(
            true,
          );
          expect(runs.at(-1)).toBeGreaterThan(runs[0]!);
        }
      }
    }
    expect(resumedTrials).toBeGreaterThanOrEqual(trials / 2);
  }, 180_000); // 20 kills of a real CLI process group: about 15 s on a quiet machine, far longer when the cores are shared
});
