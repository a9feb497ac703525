// A worker process for the dispatched scale-out workloads whose steps run in-process (as the peers'
// steps do): the same BullMQ worker, store, lease and engine as `ax worker`, with the `run` executor
// replaced by `noop` (returns at once) or `wait <ms>` (a timer), so no shell is spawned per step.
//   DATABASE_URL=postgres://… REDIS_URL=redis://… AX_QUEUE=… node bench/workloads/dispatch-worker.mjs <concurrency>
// Prints "taking runs" once it takes jobs; stops on SIGTERM/SIGINT.
import { setTimeout as sleep } from 'node:timers/promises';
import { createWorkflowWorker, resolveDispatchSettings } from '../../dist/dispatch/index.js';
import { createEngine, createPostgresWorkflowStore } from '../../dist/index.js';

const concurrency = Number(process.argv[2] ?? 4);
const settings = resolveDispatchSettings(process.env);
const store = createPostgresWorkflowStore(process.env.DATABASE_URL);
const steps = {
  async execute({ step }) {
    const wait = /^wait (\d+)$/.exec(step.run)?.[1];
    if (wait !== undefined) await sleep(Number(wait));
    return { output: null };
  },
};
const engine = createEngine({
  store,
  executors: { run: steps },
  leaseTtlMs: settings.leaseMs,
  maxConcurrentRuns: concurrency,
});
const worker = createWorkflowWorker({ settings, store, concurrency, engineFor: async () => engine });
process.stdout.write('taking runs\n');
const stop = async () => {
  await worker.close(1_000);
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
