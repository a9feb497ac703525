import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteWorkflowStore } from '../store/index.js';
import { openDatabase } from '../store/open-database.js';
import type { LoadedWorkflow } from './load-workflow-file.js';
import { createEngine } from './workflow-engine.js';
import type { WorkflowStep } from './workflow-schema.js';

/** A random DAG: each step depends on a random subset of earlier steps; some fail, some tolerate failure. */
const dagArbitrary = fc.integer({ min: 1, max: 40 }).chain((size) =>
  fc.record({
    deps: fc.tuple(
      ...Array.from({ length: size }, (_, i) =>
        fc.subarray(
          Array.from({ length: i }, (_, j) => j),
          { maxLength: Math.min(4, i) },
        ),
      ),
    ),
    failing: fc.subarray(Array.from({ length: size }, (_, i) => i)),
    tolerant: fc.subarray(Array.from({ length: size }, (_, i) => i)),
    delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: size, maxLength: size }),
    concurrency: fc.integer({ min: 1, max: 6 }),
  }),
);

describe('ready-set scheduling (property)', () => {
  it('runs every runnable step exactly once, after its dependencies, within the concurrency limit', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary, async ({ deps, failing, tolerant, delays, concurrency }) => {
        const size = deps.length;
        const failingSet = new Set(failing);
        const steps: WorkflowStep[] = deps.map((list, i) => ({
          key: `s${i}`,
          run: 'noop',
          ...(list.length > 0 ? { dependsOn: list.map((j) => `s${j}`) } : {}),
          ...(tolerant.includes(i) ? { continueOnError: true } : {}),
        }));
        const loaded: LoadedWorkflow = {
          file: '/virtual/dag.yaml',
          definition: { name: 'dag', steps },
          source: '',
          subWorkflows: new Map(),
        };
        const started: number[] = [];
        const finished = new Set<number>();
        let inFlight = 0;
        let maxInFlight = 0;
        const store = new SqliteWorkflowStore(openDatabase(':memory:'));
        const engine = createEngine({
          store,
          concurrency,
          executors: {
            run: {
              async execute(context) {
                const i = Number(context.key.slice(1));
                for (const dep of deps[i]!)
                  expect(finished.has(dep), `s${i} started before s${dep} finished`).toBe(true);
                started.push(i);
                maxInFlight = Math.max(maxInFlight, ++inFlight);
                await new Promise((resolve) =>
                  delays[i]! === 0 ? queueMicrotask(() => resolve(0)) : setTimeout(resolve, delays[i]!),
                );
                inFlight--;
                finished.add(i);
                if (failingSet.has(i)) throw new Error(`s${i} fails on purpose`);
                return { output: i };
              },
            },
          },
        });
        const result = await engine.run(loaded);
        store.close();

        // Which steps should have run: all dependencies ran and either succeeded or tolerate failure.
        const shouldRun = new Array<boolean>(size);
        const satisfied = new Array<boolean>(size);
        for (let i = 0; i < size; i++) {
          shouldRun[i] = deps[i]!.every((dep) => shouldRun[dep] && satisfied[dep]);
          satisfied[i] = shouldRun[i]! && (!failingSet.has(i) || tolerant.includes(i));
        }
        expect(new Set(started).size).toBe(started.length);
        expect(started.slice().sort((a, b) => a - b)).toEqual(
          shouldRun.flatMap((run, i) => (run ? [i] : [])),
        );
        expect(maxInFlight).toBeLessThanOrEqual(concurrency);
        const anyHardFailure = started.some((i) => failingSet.has(i) && !tolerant.includes(i));
        expect(result.state).toBe(anyHardFailure ? 'failed' : 'completed');
        for (const step of result.steps) {
          const i = Number(step.key.slice(1));
          expect(step.status).toBe(!shouldRun[i] ? 'skipped' : failingSet.has(i) ? 'failed' : 'succeeded');
        }
      }),
      { numRuns: 150 },
    );
  });
});
