import type { DispatchSettings, RunDispatch } from '../dispatch/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { WorkflowStore } from '../store/index.js';
import type { LoadedWorkflow, RunResult, RunState, WorkflowEngine } from '../workflows/index.js';

export interface DispatchedRunOptions {
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
  options: DispatchedRunOptions & { inputs: Record<string, string> },
): Promise<RunResult | undefined> {
  const engine = await engineOver(store);
  const executionId = await dispatchWith(settings, engine, (dispatch) =>
    dispatch.submit(loaded, options.inputs),
  );
  return followOrDetach(engine, loaded, { executionId, state: 'queued', seq: 0 }, options);
}

/**
 * `ax workflow resume` when runs are dispatched: the run is handed back to the workers (a paused or
 * failed run is queued again; see WorkflowEngine.requeue) and enqueued, then followed from that point
 * on, or, with `--detach`, left to them. Succeeded steps do not run again, wherever the run continues.
 */
export async function resumeDispatched(
  id: string,
  settings: DispatchSettings,
  store: WorkflowStore,
  options: DispatchedRunOptions,
): Promise<RunResult | undefined> {
  const engine = await engineOver(store);
  const requeued = await dispatchWith(settings, engine, (dispatch) => dispatch.resume(id));
  const { loadStoredWorkflow } = await import('../workflows/index.js');
  const loaded = await loadStoredWorkflow(store, requeued.executionId);
  return followOrDetach(engine, loaded, requeued, options);
}

async function engineOver(store: WorkflowStore): Promise<WorkflowEngine> {
  const { createEngine } = await import('../workflows/index.js');
  return createEngine({ store });
}

/** Submits or requeues through a run dispatch opened for this one call. */
async function dispatchWith<T>(
  settings: DispatchSettings,
  engine: WorkflowEngine,
  action: (dispatch: RunDispatch) => Promise<T>,
): Promise<T> {
  const { createRunDispatch } = await import('../dispatch/index.js');
  const dispatch = createRunDispatch(settings, engine, {
    // If this enqueue is lost (a crash, Redis down), the workers' reconciler queues the run anyway.
    onEnqueueError: (executionId, error) =>
      process.stderr.write(
        `note: could not queue ${executionId} in Redis (${error instanceof Error ? error.message : String(error)}); a worker will pick it up from PostgreSQL\n`,
      ),
  });
  try {
    return await action(dispatch);
  } finally {
    await dispatch.close();
  }
}

/** Prints the id and leaves the run to the workers (`--detach`), or follows its event log after `seq`. */
async function followOrDetach(
  engine: WorkflowEngine,
  loaded: LoadedWorkflow | undefined,
  run: { executionId: string; state: RunState; seq: number },
  options: DispatchedRunOptions,
): Promise<RunResult | undefined> {
  const { executionId } = run;
  const workflow = loaded?.definition.name ?? '';
  if (options.detach) {
    process.stdout.write(
      options.json ? `${JSON.stringify({ executionId, workflow, state: run.state })}\n` : `${executionId}\n`,
    );
    return undefined;
  }
  const [{ followExecution }, { createProgressView }] = await Promise.all([
    import('../dispatch/index.js'),
    import('./workflow-progress.js'),
  ]);
  const view = options.json
    ? undefined
    : createProgressView(process.stdout, loaded?.definition.steps.map((step) => step.key) ?? []);
  const onSignal = () => {
    void engine.requestStop(executionId, 'pause').catch(() => {});
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await followExecution({
      store: engine.store,
      executionId,
      workflow,
      afterSeq: run.seq,
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
