import type { DispatchSettings } from '../dispatch/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { WorkflowStore } from '../store/index.js';
import type { LoadedWorkflow, RunResult } from '../workflows/index.js';

export interface DispatchedRunOptions {
  inputs: Record<string, string>;
  json?: boolean;
  detach?: boolean;
}

/**
 * `ax workflow run` when runs are dispatched (REDIS_URL + PostgreSQL): the run is stored as queued,
 * its id enqueued for `ax worker` processes, and then followed from the event log (the same progress
 * view as an in-process run), or, with `--detach`, left to the workers. Ctrl-C pauses the run.
 * Returns the result once the run ends, or undefined when detached.
 */
export async function runDispatched(
  loaded: LoadedWorkflow,
  settings: DispatchSettings,
  store: WorkflowStore,
  options: DispatchedRunOptions,
): Promise<RunResult | undefined> {
  const [{ createEngine }, { createRunQueue, followExecution }, { createProgressView }] = await Promise.all([
    import('../workflows/index.js'),
    import('../dispatch/index.js'),
    import('./workflow-progress.js'),
  ]);
  const engine = createEngine({ store });
  const executionId = await engine.submit(loaded, { inputs: options.inputs });
  const queue = createRunQueue(settings);
  try {
    // If this enqueue is lost (a crash, Redis down), the workers' reconciler queues the run anyway.
    await queue.enqueue(executionId);
  } catch (error) {
    process.stderr.write(
      `note: could not queue ${executionId} in Redis (${error instanceof Error ? error.message : String(error)}); a worker will pick it up from PostgreSQL\n`,
    );
  } finally {
    await queue.close();
  }
  if (options.detach) {
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ executionId, workflow: loaded.definition.name, state: 'queued' })}\n`
        : `${executionId}\n`,
    );
    return undefined;
  }
  const view = options.json
    ? undefined
    : createProgressView(
        process.stdout,
        loaded.definition.steps.map((step) => step.key),
      );
  const onSignal = () => {
    void engine.requestStop(executionId, 'pause').catch(() => {});
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await followExecution({
      store,
      executionId,
      workflow: loaded.definition.name,
      onEvent: (event) => view?.listener(event),
    });
  } finally {
    view?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return engine.result(executionId);
}

/** `--detach` without workers to detach to is a usage error, said plainly. */
export function detachNeedsWorkers(): InvalidInputError {
  return new InvalidInputError(
    '--detach hands the run to `ax worker` processes: set REDIS_URL=redis://… and DATABASE_URL=postgres://… (see docs/production-deployment.md)',
    { code: 'usage' },
  );
}
