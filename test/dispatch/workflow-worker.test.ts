import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createPostgresWorkflowStore, type PostgresWorkflowStore } from '../../src/store/index.js';
import {
  dispatchEnvironment,
  killGroup,
  startWorker,
  type WorkerProcess,
  workerReady,
} from '../helpers/ax-workers.js';
import { runCli } from '../helpers/cli.js';
import { describeWithRedis } from '../helpers/services.js';

describeWithRedis('ax worker (PostgreSQL + Redis)', () => {
  const workers: WorkerProcess[] = [];
  const stores: PostgresWorkflowStore[] = [];
  afterAll(async () => {
    for (const worker of workers) killGroup(worker);
    for (const store of stores) await store.close();
  });

  function setup(name: string, yaml: (log: string) => string) {
    const dir = mkdtempSync(join(tmpdir(), `ax-${name}-`));
    const log = join(dir, 'steps.log');
    const file = join(dir, 'flow.yaml');
    writeFileSync(file, yaml(log));
    const { env } = dispatchEnvironment(name);
    const store = createPostgresWorkflowStore(env.DATABASE_URL!);
    stores.push(store);
    let count = 0;
    // Each worker's steps see RAN_BY=worker<n> (a resuming CLI has no RAN_BY): where a step ran.
    const worker = async (args: string[] = []) => {
      const started = startWorker({ ...env, RAN_BY: `worker${++count}` }, args, dir);
      workers.push(started);
      await workerReady(started);
      return started;
    };
    const ran = () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    const until = async (predicate: () => boolean | Promise<boolean>) => {
      while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    const detach = async () => {
      const submitted = await runCli(['workflow', 'run', file, '--detach', '--json'], { env, cwd: dir });
      expect(submitted.code, submitted.stderr).toBe(0);
      return (JSON.parse(submitted.stdout) as { executionId: string }).executionId;
    };
    return { dir, log, file, env, store, worker, ran, until, detach };
  }

  it('runs `ax workflow run` in a worker and follows it; --detach prints the id; /healthz reports', async () => {
    const t = setup(
      'follow',
      (log) => `name: follow
steps:
  - key: a
    run: echo "a $AX_IDEMPOTENCY_KEY" >> ${log}; echo from-a
  - key: b
    dependsOn: a
    run: echo "\${{ steps.a.output }} then b" >> ${log}
`,
    );
    const worker = await t.worker(['--concurrency', '2', '--health-port', '0']);
    const followed = await runCli(['workflow', 'run', t.file], { env: t.env, cwd: t.dir });
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/step b: succeeded/);
    expect(followed.stdout).toMatch(/completed in \d+ ms — 2 succeeded/);
    const executionId = /(ex-[a-z0-9]+-[0-9a-f]+)/.exec(followed.stdout)![1]!;
    // The steps ran in the worker, which logged them (JSON lines, as stdout is not a terminal).
    expect(worker.output()).toContain(`"executionId":"${executionId}"`);
    expect(t.ran()).toEqual([`a ${executionId}:a`, 'from-a then b']);

    const detached = await t.detach();
    await t.until(async () => (await t.store.getExecution(detached))?.state === 'completed');
    const status = await runCli(['workflow', 'status', detached, '--json'], { env: t.env, cwd: t.dir });
    expect(JSON.parse(status.stdout).execution.state).toBe('completed');

    const port = Number(/"healthPort":(\d+)/.exec(worker.output())![1]);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({ status: 'ok', completed: 2, failed: 0, redis: 'ready' });
  });

  it('a worker SIGKILLed mid-step: the step runs again on another worker as attempt 2, finished steps never', async () => {
    const t = setup(
      'kill',
      (log) => `name: kill
steps:
  - key: first
    run: echo first >> ${log}
  - key: slow
    dependsOn: first
    run: echo "slow $AX_ATTEMPT $AX_IDEMPOTENCY_KEY" >> ${log}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi
  - key: last
    dependsOn: slow
    run: echo last >> ${log}
`,
    );
    const one = await t.worker();
    const two = await t.worker();
    const executionId = await t.detach();
    await t.until(() => t.ran().some((line) => line.startsWith('slow 1')));
    const holder = (await t.store.getExecution(executionId))!.lease!;
    const [victim, survivor] = holder.pid === one.child.pid ? [one, two] : [two, one];
    expect(victim.child.pid).toBe(holder.pid);
    killGroup(victim);
    await t.until(async () => (await t.store.getExecution(executionId))?.state === 'completed');
    expect(t.ran()).toEqual(['first', `slow 1 ${executionId}:slow`, `slow 2 ${executionId}:slow`, 'last']);
    expect(survivor.output()).toMatch(/slow: started \(attempt 2\)/);
    const steps = await t.store.getSteps(executionId);
    expect(steps.map((step) => [step.key, step.status, step.attempt])).toEqual([
      ['first', 'succeeded', 1],
      ['slow', 'succeeded', 2],
      ['last', 'succeeded', 1],
    ]);
  });

  it('refuses a resume while a live worker holds the run; once it is dead, resume --detach hands it to another worker', async () => {
    const t = setup(
      'resume',
      (log) => `name: held
steps:
  - key: wait
    run: echo "wait $AX_ATTEMPT $RAN_BY" >> ${log}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi
`,
    );
    const worker = await t.worker();
    const executionId = await t.detach();
    await t.until(() => t.ran().includes('wait 1 worker1'));
    const refused = await runCli(['workflow', 'resume', executionId], { env: t.env, cwd: t.dir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`is being run by process ${worker.child.pid}`);
    killGroup(worker);
    await worker.exited;
    const resumed = await runCli(['workflow', 'resume', executionId, '--detach', '--json'], {
      env: t.env,
      cwd: t.dir,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual({ executionId, workflow: 'held', state: 'executing' });
    await t.worker();
    await t.until(async () => (await t.store.getExecution(executionId))?.state === 'completed');
    expect(t.ran()).toEqual(['wait 1 worker1', 'wait 2 worker2']);
  });

  it('`ax workflow resume` hands a paused run back to the workers and follows it; approve lets the worker go on', async () => {
    const t = setup(
      'handback',
      (log) => `name: handback
steps:
  - key: first
    run: echo "first $AX_ATTEMPT $RAN_BY" >> ${log}
  - key: gate
    dependsOn: first
    approval: ship it?
  - key: last
    dependsOn: gate
    run: echo "last $AX_ATTEMPT $RAN_BY" >> ${log}
`,
    );
    const worker = await t.worker();
    const executionId = await t.detach();
    const gate = async () => (await t.store.getSteps(executionId)).find((step) => step.key === 'gate');
    await t.until(async () => (await gate())?.status === 'running');
    const cli = (...args: string[]) => runCli(['workflow', ...args], { env: t.env, cwd: t.dir });
    const paused = await cli('pause', executionId);
    expect(paused.code, paused.stderr).toBe(0);
    await t.until(async () => (await t.store.getExecution(executionId))?.state === 'paused');

    // Resumed from this process, the run continues in the worker; this process only follows it.
    const resuming = cli('resume', executionId);
    await t.until(async () => (await gate())?.attempt === 2);
    expect(await t.store.getExecution(executionId)).toMatchObject({
      state: 'executing',
      lease: { pid: worker.child.pid },
    });
    const approved = await cli('approve', executionId, 'gate', '--by', 'lin');
    expect(approved.code, approved.stderr).toBe(0);
    const resumed = await resuming;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/step last: succeeded/);
    expect(resumed.stdout).toMatch(/completed in \d+ ms — 3 succeeded/);
    expect(resumed.stdout).not.toMatch(/step first:/);

    expect(t.ran()).toEqual(['first 1 worker1', 'last 1 worker1']);
    const steps = await t.store.getSteps(executionId);
    expect(steps.map((step) => [step.key, step.status, step.attempt])).toEqual([
      ['first', 'succeeded', 1],
      ['gate', 'succeeded', 2],
      ['last', 'succeeded', 1],
    ]);
    expect(await t.store.getExecution(executionId)).toMatchObject({ state: 'completed', resumeCount: 1 });
  });

  it('`ax workflow cancel` from another process stops the run in its worker; resume then refuses it', async () => {
    const t = setup(
      'cancel',
      (log) => `name: cancel
steps:
  - key: long
    run: echo "start $RAN_BY" >> ${log}; sleep 30; echo end >> ${log}
  - key: after
    dependsOn: long
    run: echo after >> ${log}
`,
    );
    await t.worker();
    const executionId = await t.detach();
    await t.until(() => t.ran().includes('start worker1'));
    const cli = (...args: string[]) => runCli(['workflow', ...args], { env: t.env, cwd: t.dir });
    const cancelled = await cli('cancel', executionId);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await t.until(async () => (await t.store.getExecution(executionId))?.state === 'cancelled');
    const steps = await t.store.getSteps(executionId);
    expect(steps.map((step) => [step.key, step.status])).toEqual([
      ['long', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    const refused = await cli('resume', executionId);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`execution ${executionId} is cancelled; there is nothing to resume`);
    expect(t.ran()).toEqual(['start worker1']);
  });

  it('on SIGTERM finishes the run in flight, takes no new one, and exits 0', async () => {
    const t = setup(
      'term',
      (log) => `name: term
steps:
  - key: step
    run: echo "start $AX_ATTEMPT" >> ${log}; sleep 1; echo "end $AX_ATTEMPT" >> ${log}
`,
    );
    const worker = await t.worker();
    const executionId = await t.detach();
    await t.until(() => t.ran().includes('start 1'));
    worker.child.kill('SIGTERM');
    const [code] = (await worker.exited) as [number];
    expect(code).toBe(0);
    expect((await t.store.getExecution(executionId))?.state).toBe('completed');
    expect(t.ran()).toEqual(['start 1', 'end 1']);
    expect(worker.output()).toMatch(/worker stopped/);
  });
});
