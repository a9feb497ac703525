import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createRunQueue, resolveDispatchSettings } from '../../src/dispatch/index.js';
import { createPostgresWorkflowStore } from '../../src/store/index.js';
import { createEngine, loadWorkflowFile } from '../../src/workflows/index.js';
import {
  dispatchEnvironment,
  flushQueueKeys,
  killGroup,
  startWorker,
  type WorkerProcess,
  workerReady,
} from '../helpers/ax-workers.js';
import { describeWithRedis } from '../helpers/services.js';

const workflowCount = 200;
const stepCount = 10;
const workerCount = 3;
const budgetMs = 80_000;

// Seeded, so a failure can be replayed.
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describeWithRedis('chaos: workers SIGKILLed at random, Redis emptied once', () => {
  const workers: WorkerProcess[] = [];
  afterAll(() => {
    for (const worker of workers) killGroup(worker);
  });

  it(`${workflowCount} workflows of ${stepCount} steps on ${workerCount} workers: all complete, no completed step re-runs`, async () => {
    const random = seeded(20261205);
    const dir = mkdtempSync(join(tmpdir(), 'ax-chaos-'));
    const log = join(dir, 'steps.log');
    const { env } = dispatchEnvironment('chaos');
    const settings = resolveDispatchSettings(env)!;
    const steps = Array.from({ length: stepCount }, (_, i) =>
      [
        `  - key: s${i}`,
        ...(i === 0 ? [] : [`    dependsOn: s${i - 1}`]),
        // Some work, then the key and attempt appended: a kill can land before or after the append.
        `    run: sleep 0.0$((RANDOM % 5)); echo "$AX_IDEMPOTENCY_KEY $AX_ATTEMPT" >> ${log}`,
      ].join('\n'),
    );
    const file = join(dir, 'chain.yaml');
    writeFileSync(file, `name: chain\nsteps:\n${steps.join('\n')}\n`);

    const store = createPostgresWorkflowStore(env.DATABASE_URL!);
    const spawnWorker = () => {
      const worker = startWorker(env, ['--concurrency', '8']);
      workers.push(worker);
      return worker;
    };
    const live = Array.from({ length: workerCount }, spawnWorker);
    await Promise.all(live.map((worker) => workerReady(worker)));

    const engine = createEngine({ store });
    const loaded = await loadWorkflowFile(file, { stepKinds: engine.stepKinds });
    const queue = createRunQueue(settings);
    const ids: string[] = [];
    for (let i = 0; i < workflowCount; i++) {
      const id = await engine.submit(loaded);
      ids.push(id);
      await queue.enqueue(id);
    }
    await queue.close();

    const started = Date.now();
    let kills = 0;
    let flushed = false;
    const completed = async () =>
      (await store.listExecutions({ state: 'completed', limit: workflowCount + 1 })).length;
    let done = 0;
    while (Date.now() - started < budgetMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_500 + random() * 1_000));
      done = await completed();
      if (done === workflowCount) break;
      const victim = Math.floor(random() * live.length);
      killGroup(live[victim]!);
      await live[victim]!.exited;
      kills++;
      live[victim] = spawnWorker();
      if (!flushed && kills === 2) {
        expect(await flushQueueKeys(settings.prefix)).toBeGreaterThan(0);
        flushed = true;
      }
    }
    done = await completed();
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(flushed).toBe(true);
    expect(done).toBe(workflowCount);

    // Every step completed exactly once; no line in the log from an attempt after the one that completed.
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const attemptsByKey = new Map<string, number[]>();
    for (const line of lines) {
      const [key, attempt] = line.split(' ');
      attemptsByKey.set(key!, [...(attemptsByKey.get(key!) ?? []), Number(attempt)]);
    }
    let rerunAfterCompletion = 0;
    let interruptedReruns = 0;
    for (const id of ids) {
      const events = await store.getEvents(id);
      const completions = events.filter((event) => event.type === 'step_completed');
      expect(completions).toHaveLength(stepCount);
      expect(new Set(completions.map((event) => event.stepKey)).size).toBe(stepCount);
      for (const completion of completions) {
        const ran = attemptsByKey.get(`${id}:${completion.stepKey}`) ?? [];
        expect(ran).toContain(completion.attempt);
        rerunAfterCompletion += ran.filter((attempt) => attempt > completion.attempt!).length;
        if (completion.attempt! > 1) interruptedReruns++;
      }
    }
    expect(rerunAfterCompletion).toBe(0);
    // The kills landed mid-step at least once (otherwise the test proved nothing about recovery).
    expect(interruptedReruns).toBeGreaterThan(0);
    await store.close();
  }, 120_000);
});
