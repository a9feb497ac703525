import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { createPostgresWorkflowStore, type PostgresWorkflowStore } from '../../src/store/index.js';
import {
  dispatchEnvironment,
  killGroup,
  startWorker,
  type WorkerProcess,
  workerReady,
} from '../helpers/ax-workers.js';
import { runCli } from '../helpers/cli.js';
import { describeWithRedis, redisUrl } from '../helpers/services.js';
import { dropKeys, projectWith, startQuotaProxy } from './worker-processes.test-support.js';

/** The first test again, with real `ax worker` processes taking runs from the BullMQ queue. */
describeWithRedis('ax worker processes share one provider budget (PostgreSQL + Redis)', () => {
  let sim: Simulator;
  const workers: WorkerProcess[] = [];
  const stores: PostgresWorkflowStore[] = [];
  const prefixes: string[] = [];
  beforeAll(async () => {
    sim = await createSimulator();
  });
  afterAll(async () => {
    for (const worker of workers) killGroup(worker);
    for (const store of stores) await store.close();
    await sim.close();
    await dropKeys(redisUrl!, prefixes);
  });

  it('three ax workers share 30 requests/minute: at most 5 (+1) requests in any 10 s, none gets a 429', async () => {
    const quota = await startQuotaProxy(new URL(sim.baseURL('anthropic')).origin, 30);
    try {
      const dir = projectWith({
        providers: {
          primary: {
            type: 'simulator',
            protocol: 'anthropic',
            url: quota.url,
            priority: 1,
            rateLimitPerMinute: 30,
          },
        },
      });
      const steps = [1, 2, 3]
        .map((n) => `  - key: s${n}\n    prompt: Part ${n} of the release notes\n`)
        .join('');
      writeFileSync(join(dir, 'flow.yaml'), `name: notes\nsteps:\n${steps}`);
      const { id, env } = dispatchEnvironment('budget', {
        ANTHROPIC_API_KEY: '',
        OPENAI_API_KEY: '',
        GEMINI_API_KEY: '',
        GOOGLE_API_KEY: '',
      });
      env.AX_REDIS_PREFIX = `ax_budget_${id}`;
      prefixes.push(env.AX_REDIS_PREFIX);
      const store = createPostgresWorkflowStore(env.DATABASE_URL!);
      stores.push(store);
      for (let i = 0; i < 3; i++) {
        const worker = startWorker(env, ['--concurrency', '1'], dir);
        workers.push(worker);
        await workerReady(worker);
      }
      const runs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const submitted = await runCli(['workflow', 'run', 'flow.yaml', '--detach', '--json'], {
          env,
          cwd: dir,
        });
        expect(submitted.code, submitted.stderr).toBe(0);
        runs.push((JSON.parse(submitted.stdout) as { executionId: string }).executionId);
      }
      const states = async () => Promise.all(runs.map(async (run) => (await store.getExecution(run))?.state));
      while (!(await states()).every((state) => state === 'completed' || state === 'failed'))
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await states()).toEqual(['completed', 'completed', 'completed']);
      // The runs were spread over workers (BullMQ may hand a worker that finished early a second run, so
      // at least two of the three sent at once), and every run ran in one of them.
      const takers = runs.map((run) => workers.findIndex((worker) => worker.output().includes(run)));
      expect(takers).not.toContain(-1);
      expect(new Set(takers).size).toBeGreaterThanOrEqual(2);
      expect(quota.arrivals).toHaveLength(9);
      expect(quota.rejected).toBe(0);
      for (const start of quota.arrivals) {
        const inWindow = quota.arrivals.filter((at) => at >= start && at < start + 10_000).length;
        expect(inWindow).toBeLessThanOrEqual(6);
      }
    } finally {
      await quota.close();
    }
  }, 120_000);

  it('a daily cap is hit by the sum of two ax workers’ spend: worker B refuses what worker A’s spend used up', async () => {
    const dir = projectWith({
      providers: {
        primary: {
          type: 'simulator',
          protocol: 'anthropic',
          url: new URL(sim.baseURL('anthropic')).origin,
          priority: 1,
        },
      },
      budget: { dailyUsd: 100 },
    });
    writeFileSync(
      join(dir, 'flow.yaml'),
      'name: notes\nsteps:\n  - key: draft\n    prompt: Draft the release notes\n',
    );
    const { id, env } = dispatchEnvironment('cap', {
      ANTHROPIC_API_KEY: '',
      OPENAI_API_KEY: '',
      GEMINI_API_KEY: '',
      GOOGLE_API_KEY: '',
    });
    env.AX_REDIS_PREFIX = `ax_budget_${id}`;
    prefixes.push(env.AX_REDIS_PREFIX);
    const store = createPostgresWorkflowStore(env.DATABASE_URL!);
    stores.push(store);
    const runOn = async (worker: WorkerProcess) => {
      const submitted = await runCli(['workflow', 'run', 'flow.yaml', '--detach', '--json'], {
        env,
        cwd: dir,
      });
      expect(submitted.code, submitted.stderr).toBe(0);
      const run = (JSON.parse(submitted.stdout) as { executionId: string }).executionId;
      for (;;) {
        const execution = await store.getExecution(run);
        if (execution?.state === 'completed' || execution?.state === 'failed') {
          expect(worker.output()).toContain(run);
          return execution;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const spentToday = async () => {
      const list = await runCli(['providers', 'list', '--json'], { env, cwd: dir });
      return (JSON.parse(list.stdout) as { budget: { spentUsd: number }[] }).budget[0]!.spentUsd;
    };
    const a = startWorker(env, ['--concurrency', '1'], dir);
    workers.push(a);
    await workerReady(a);
    expect((await runOn(a)).state).toBe('completed');
    killGroup(a);
    await a.exited;
    const oneRun = await spentToday();
    expect(oneRun).toBeGreaterThan(0);
    // The cap now allows one and a half runs: A's run and one more; the next one is refused.
    writeFileSync(
      join(dir, 'automatosx.config.json'),
      JSON.stringify({
        providers: {
          primary: {
            type: 'simulator',
            protocol: 'anthropic',
            url: new URL(sim.baseURL('anthropic')).origin,
            priority: 1,
          },
        },
        budget: { dailyUsd: oneRun * 1.5 },
      }),
    );
    const b = startWorker(env, ['--concurrency', '1'], dir);
    workers.push(b);
    await workerReady(b);
    expect((await runOn(b)).state).toBe('completed');
    const refused = await runOn(b);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/the daily budget \(all providers\) of \$[\d.]+ is reached/);
    const list = await runCli(['providers', 'list'], { env, cwd: dir });
    expect(list.stdout).toMatch(/^budget: all providers: \$[\d.]+ of \$[\d.]+ spent today \(UTC, 1\d\d%\)$/m);
    expect(list.stdout).toMatch(/shared by every worker on REDIS_URL/);
  }, 120_000);
});
