// AutomatosX engine adapter: the built package, one custom `run` executor, the SQLite store
// (WAL, synchronous=NORMAL, one appended event row per step transition), default engine options
// except `maxConcurrentRuns` where a workload starts more runs at once than the default 16.
import { createEngine, createSqliteWorkflowStore } from '../../../dist/index.js';
import { stepKey } from '../lib.mjs';

const loaded = (name, steps) => ({
  file: `/bench/${name}.yaml`,
  source: '',
  subWorkflows: new Map(),
  definition: { name, steps },
});

export function chainWorkflow(n) {
  return loaded(
    `chain-${n}`,
    Array.from({ length: n }, (_, i) => ({
      key: stepKey(i),
      run: 'noop',
      ...(i > 0 ? { dependsOn: [stepKey(i - 1)] } : {}),
    })),
  );
}

/** One root, n-2 parallel steps, one sink that depends on all of them: n steps in all. */
export function fanoutWorkflow(n) {
  const mids = Array.from({ length: n - 2 }, (_, i) => stepKey(i + 1));
  return loaded(`fanout-${n}`, [
    { key: 's0', run: 'noop' },
    ...mids.map((key) => ({ key, run: 'noop', dependsOn: ['s0'] })),
    { key: stepKey(n - 1), run: 'noop', dependsOn: mids },
  ]);
}

export async function open({ dbPath, work, maxConcurrentRuns }) {
  const store = createSqliteWorkflowStore(dbPath);
  const engine = createEngine({
    store,
    executors: { run: { execute: async (context) => ({ output: await work(context.key) }) } },
    ...(maxConcurrentRuns ? { maxConcurrentRuns } : {}),
  });
  const check = (result) => {
    if (result.state !== 'completed') throw new Error(`ax run ended ${result.state}: ${result.error ?? ''}`);
    return result;
  };
  const workflows = new Map();
  const cached = (kind, n) => {
    const key = `${kind}-${n}`;
    if (!workflows.has(key)) workflows.set(key, kind === 'chain' ? chainWorkflow(n) : fanoutWorkflow(n));
    return workflows.get(key);
  };
  return {
    chain: async (n, id) => check(await engine.run(cached('chain', n), { executionId: id })),
    fanout: async (n, id) => check(await engine.run(cached('fanout', n), { executionId: id })),
    resume: async (id) => check(await engine.resume(id)),
    close: async () => store.close(),
  };
}
