import type { RunDispatch } from '../dispatch/run-dispatch.js';
import type { LoadedWorkflow, RunResult, RunState, WorkflowEngine } from '../workflows/index.js';
import { newExecutionId } from '../workflows/index.js';

export interface RunLauncherOptions {
  engine: WorkflowEngine;
  /** Runs go to workers (scale-out: REDIS_URL with PostgreSQL) instead of running here. */
  dispatch?: Pick<RunDispatch, 'submit' | 'resume'>;
  /** Where a run that ended in an error (not a failed step: a crash of the run itself) is reported. */
  onError?: (executionId: string, error: unknown) => void;
}

/**
 * Starts and resumes runs in this process without waiting for them to finish: a request returns once
 * the execution is in the store (or with the error that kept it from starting), and the run goes on.
 */
export class RunLauncher {
  readonly #engine: WorkflowEngine;
  readonly #onError: (executionId: string, error: unknown) => void;
  readonly #running = new Map<string, Promise<RunResult | undefined>>();
  readonly #controller = new AbortController();
  readonly #dispatch: RunLauncherOptions['dispatch'];

  constructor(options: RunLauncherOptions) {
    this.#engine = options.engine;
    this.#dispatch = options.dispatch;
    this.#onError = options.onError ?? (() => {});
  }

  /** Runs in flight in this process. */
  get running(): number {
    return this.#running.size;
  }

  /** Whether new runs go to workers (they are answered as `queued`). */
  get dispatched(): boolean {
    return this.#dispatch !== undefined;
  }

  async start(
    loaded: LoadedWorkflow,
    options: { inputs: Record<string, unknown>; concurrency?: number },
  ): Promise<string> {
    if (this.#dispatch) return this.#dispatch.submit(loaded, options.inputs);
    const executionId = newExecutionId();
    await this.#launch(executionId, () =>
      this.#engine.run(loaded, {
        executionId,
        signal: this.#controller.signal,
        inputs: options.inputs,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      }),
    );
    return executionId;
  }

  /**
   * Resumes an execution (or a checkpoint `execution@seq`), here or, when runs are dispatched, in a
   * worker; refused at once when it cannot be taken.
   */
  async resume(id: string): Promise<{ executionId: string; state: RunState }> {
    if (this.#dispatch) {
      const { executionId, state } = await this.#dispatch.resume(id);
      return { executionId, state };
    }
    const executionId = await this.#engine.resolveExecutionId(id);
    await this.#launch(executionId, () => this.#engine.resume(id, { signal: this.#controller.signal }));
    return { executionId, state: 'executing' };
  }

  /** Resolves when every run started here has ended. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  /** Pauses every run of this process (resumable) and waits until they have stopped. */
  async pauseAll(): Promise<number> {
    const count = this.#running.size;
    this.#controller.abort('pause');
    await this.settled();
    return count;
  }

  async #launch(executionId: string, begin: () => Promise<RunResult>): Promise<void> {
    let underWay = false;
    let started!: () => void;
    const announced = new Promise<void>((resolve) => {
      started = resolve;
    });
    const off = this.#engine.on((event) => {
      if (event.executionId !== executionId || event.type !== 'run-state' || event.state !== 'executing')
        return;
      underWay = true;
      started();
    });
    const run = begin();
    const tracked = run.then(
      (result) => result,
      (error: unknown) => {
        // An error before the run was under way goes back to the request that asked for it.
        if (underWay) this.#onError(executionId, error);
        return undefined;
      },
    );
    this.#running.set(executionId, tracked);
    void tracked.finally(() => {
      off();
      if (this.#running.get(executionId) === tracked) this.#running.delete(executionId);
    });
    // Whichever comes first: the run is under way, or it failed before it began (bad inputs, leased).
    await Promise.race([announced, run.then(() => undefined)]);
  }
}
