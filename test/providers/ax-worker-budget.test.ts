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
      // Each worker took one run: three processes were sending at once.
      for (const [index, run] of runs.entries())
        expect(
          workers.some((worker) => worker.output().includes(run)),
          `run ${index}`,
        ).toBe(true);
      expect(new Set(runs.map((run) => workers.findIndex((w) => w.output().includes(run)))).size).toBe(3);
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
});
