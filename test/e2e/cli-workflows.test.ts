import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRule, ScriptRule, Simulator } from '../../src/simulator/index.js';
import { createSimulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { copySampleProject, simulatedEnv } from './sample-project.js';

/**
 * `ax workflow run|resume` as a user runs them, against a simulator this test controls: the project's
 * `automatosx.config.json` points the CLI at it over HTTP, so faults and scripts can change between runs.
 */
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function project(options: { faults?: FaultRule[]; script?: ScriptRule[]; tokensPerSecond?: number }) {
  sim = await createSimulator(options);
  const dir = copySampleProject({ prefix: 'ax-e2e-cli-' });
  writeFileSync(
    join(dir, 'automatosx.config.json'),
    JSON.stringify({
      // One provider only, so a failure cannot be hidden by failover; retries kept short.
      providers: {
        'sim-claude': { type: 'simulator', protocol: 'anthropic', url: sim.url, priority: 1, maxRetries: 1 },
      },
      router: { backoffBaseMs: 1, backoffCapMs: 5 },
    }),
  );
  const db = join(dir, '.automatosx', 'e2e.db');
  const env = simulatedEnv();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const ax = (...args: string[]) => runCli([...args, '--db', db], { cwd: dir, env });
  return { dir, db, env, write, ax };
}

describe('ax workflow with agent steps (CLI, simulator over HTTP)', () => {
  it('streams an agent step’s answer into the progress lines while the step is still running', async () => {
    const p = await project({
      script: [{ match: 'E2E-STREAM', reply: 'first finding\nsecond finding\nthird finding' }],
      // The stream stops for good after the first line ("[simulated] ", "first ", "finding\n").
      faults: [{ provider: 'anthropic', fault: 'stream-stall', afterTokens: 3 }],
    });
    const file = p.write(
      'stream.yaml',
      'name: stream\nsteps:\n  - key: notes\n    agent: writer\n    prompt: E2E-STREAM list the findings\n',
    );
    const child = startCli(['workflow', 'run', file, '--db', p.db], { cwd: p.dir, env: p.env });
    const exited = once(child, 'exit');
    let stdout = '';
    child.stdout!.setEncoding('utf8');
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('notes | [simulated] first finding\n')) resolve(stdout);
      });
      child.once('exit', () => reject(new Error(`the first line never arrived:\n${stdout}`)));
    });
    const seen = await firstLine;
    // The step cannot have finished: the rest of its answer has not been sent.
    expect(seen).toContain('step notes: started (attempt 1)');
    expect(seen).not.toContain('step notes: succeeded');
    expect(seen).not.toContain('second finding');
    expect(sim!.stats().anthropic).toMatchObject({ streams: 1 });
    // Cutting the stalled stream fails the step; the run reports what it had.
    await sim!.close();
    sim = undefined;
    const [code] = await exited;
    expect(code).toBe(1);
    expect(stdout).toMatch(/step notes: failed/);
  });

  it('streams every line of the answer before the step succeeds', async () => {
    const p = await project({
      script: [{ match: 'E2E-LINES', reply: 'first finding\nsecond finding\nthird finding' }],
      tokensPerSecond: 500,
    });
    const file = p.write(
      'lines.yaml',
      'name: lines\nsteps:\n  - key: notes\n    agent: writer\n    prompt: E2E-LINES list the findings\n',
    );
    const run = await p.ax('workflow', 'run', file);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (text: string) => lines.indexOf(text);
    expect(at('  notes | [simulated] first finding')).toBeGreaterThan(at('step notes: started (attempt 1)'));
    expect(at('  notes | second finding')).toBeGreaterThan(at('  notes | [simulated] first finding'));
    expect(at('  notes | third finding')).toBeGreaterThan(at('  notes | second finding'));
    expect(lines.findIndex((line) => line.startsWith('step notes: succeeded'))).toBeGreaterThan(
      at('  notes | third finding'),
    );
    expect(sim!.stats().anthropic).toMatchObject({ requests: 1, streams: 1 });
  });

  it('a provider down until retries are exhausted fails the run; once it recovers, resume finishes it', async () => {
    const p = await project({ faults: [{ provider: 'anthropic', fault: 'unavailable' }] });
    const file = p.write(
      'flaky.yaml',
      [
        'name: flaky-provider',
        'steps:',
        '  - key: prepare',
        '    run: echo prepared >> prepare.log; echo ready',
        '  - key: review',
        '    agent: quality',
        '    dependsOn: prepare',
        '    prompt: Review what prepare made.',
        '    retry:',
        '      attempts: 2',
        '      backoff: { initial: 10ms }',
        '  - key: publish',
        '    dependsOn: review',
        '    run: echo published >> publish.log; echo done',
        '',
      ].join('\n'),
    );
    const failed = await p.ax('workflow', 'run', file);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('step review: failed (attempt 1)');
    expect(failed.stdout).toContain('step review: failed (attempt 2)');
    const id = /resume with: ax workflow resume (ex-\S+)/.exec(failed.stdout)?.[1];
    expect(id, failed.stdout).toBeDefined();
    const stats = sim!.stats().anthropic!;
    // Every request the provider got was refused: the router's retries and the step's, all spent.
    expect(stats.requests).toBeGreaterThanOrEqual(2);
    expect(stats.faults).toBe(stats.requests);
    const deadLetters = JSON.parse((await p.ax('workflow', 'list', '--failed', '--json')).stdout) as {
      id: string;
    }[];
    expect(deadLetters.map((execution) => execution.id)).toContain(id);

    sim!.clearFaults();
    const resumed = await p.ax('workflow', 'resume', id!);
    expect(resumed.code, `${resumed.stdout}\n${resumed.stderr}`).toBe(0);
    expect(resumed.stdout).toContain('(resumed)');
    expect(resumed.stdout).not.toContain('step prepare: started');
    expect(readFileSync(join(p.dir, 'prepare.log'), 'utf8')).toBe('prepared\n');
    expect(readFileSync(join(p.dir, 'publish.log'), 'utf8')).toBe('published\n');
    const status = JSON.parse((await p.ax('workflow', 'status', id!, '--json')).stdout) as {
      execution: { state: string; resumeCount: number };
      steps: { key: string; status: string; attempt: number; usage?: { provider: string } }[];
    };
    expect(status.execution).toMatchObject({ state: 'completed', resumeCount: 1 });
    expect(status.steps.map((step) => [step.key, step.status])).toEqual([
      ['prepare', 'succeeded'],
      ['review', 'succeeded'],
      ['publish', 'succeeded'],
    ]);
    expect(status.steps.find((step) => step.key === 'prepare')?.attempt).toBe(1);
    expect(status.steps.find((step) => step.key === 'review')?.usage?.provider).toBe('sim-claude');
  });
});
