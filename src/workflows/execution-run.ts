import { type LeaseFence, LeaseLostError, type StepRecord, type WorkflowStore } from '../store/index.js';
import type { ExpressionContext } from './expression.js';
import type { LoadedWorkflow } from './load-workflow-file.js';
import { assertRunTransition, assertStepTransition, RunState, StepStatus } from './state-machine.js';
import type { StepAttempt } from './step-attempt.js';
import { type AttemptHost, runStepAttempts } from './step-attempts.js';
import type { StepExecutor } from './step-executor.js';
import { createStepSlots, type StepSlot } from './step-slot.js';
import { evaluateCondition } from './template.js';
import { TransitionBuffer } from './transition-buffer.js';
import { asError } from './workflow-errors.js';
import type { WorkflowEvent } from './workflow-events.js';
import type { WorkflowStep } from './workflow-schema.js';

export interface ExecutionRunOptions {
  executionId: string;
  loaded: LoadedWorkflow;
  inputs: Record<string, unknown>;
  store: WorkflowStore;
  executors: Readonly<Record<string, StepExecutor>>;
  concurrency: number;
  emit: (event: WorkflowEvent) => void;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Step rows already in the store (resume). */
  previous?: readonly StepRecord[];
  lastSeq?: number;
  /** The lease this run holds: every commit is checked against it in the same transaction. */
  fence?: LeaseFence;
}

export interface RunOutcome {
  state: RunState;
  error?: string;
}

type StopReason = 'pause' | 'cancel';

/** The event that records a step entering each status; the store folds them back into step states. */
const stepEvents: Record<StepStatus, string> = {
  pending: 'step_interrupted',
  running: 'step_started',
  succeeded: 'step_completed',
  failed: 'step_failed',
  skipped: 'step_skipped',
  cancelled: 'step_cancelled',
};

/**
 * One run of a workflow: a ready-set scheduler over the step graph. A step starts the moment its last
 * dependency finishes; every transition (a step starting, finishing, retrying) is written as one small
 * transaction, and the completion of one step is committed together with the starts it unlocks.
 *
 * The scheduler owns the step transitions over one record per step (StepSlot): a step is in flight
 * iff it is running, and an event is logged for every transition. Running a launched step (attempts,
 * retries, timeouts, forEach items) is runStepAttempts', which sees the run through an AttemptHost;
 * buffering and committing the writes, fenced by the run's lease, is TransitionBuffer's.
 */
export class ExecutionRun {
  readonly #o: ExecutionRunOptions;
  readonly #steps: readonly WorkflowStep[];
  /** One record per step, in definition order: what the scheduler and the attempt loop know of it. */
  readonly #slots: StepSlot[];
  readonly #ready: number[] = [];
  readonly #context: ExpressionContext;
  readonly #controller = new AbortController();
  readonly #log: TransitionBuffer;
  readonly #attempts: AttemptHost;
  #running = 0;
  #failed: string | undefined;
  #stop: StopReason | undefined;
  #lost = false;
  #ended = false;
  #finish!: (outcome: RunOutcome) => void;
  #crash!: (error: unknown) => void;

  constructor(options: ExecutionRunOptions) {
    this.#o = options;
    this.#steps = options.loaded.definition.steps;
    this.#log = new TransitionBuffer(options.store, options.executionId, options.lastSeq ?? 0, options.fence);
    const index = new Map(this.#steps.map((step, i) => [step.key, i]));
    this.#slots = createStepSlots(this.#steps, index);
    this.#context = {
      inputs: options.inputs,
      steps: {},
      execution: { id: options.executionId },
      env: process.env,
    };
    for (const row of options.previous ?? []) this.#restore(index.get(row.key), row);
    this.#attempts = {
      ...options,
      signal: this.#controller.signal,
      context: this.#context,
      stopping: () => this.#stop !== undefined || this.#lost,
      event: (type, key, attempt, data) => this.#event(type, options.now(), key, attempt, data),
      flush: () => this.#flush(),
    };
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Asks the run to stop: in-flight steps are aborted and the run ends paused or cancelled. */
  requestStop(reason: StopReason): void {
    if (this.#stop === 'cancel') return;
    this.#stop = reason;
    this.#controller.abort(reason);
  }

  /**
   * The lease moved to another process: stop at once, abort in-flight steps, write nothing more. The
   * run's promise rejects with LeaseLostError.
   */
  loseLease(): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#log.lose();
    this.#controller.abort('lease-lost');
    this.#crash(new LeaseLostError(this.#o.executionId));
  }

  /**
   * Runs to the end. `resumed`: continuing a run that ran before; `fromQueue`: the first start of a
   * run a worker took from the queue (its state moves from queued to executing).
   */
  async execute(resumed: boolean, fromQueue = false): Promise<RunOutcome> {
    const done = new Promise<RunOutcome>((resolve, reject) => {
      this.#finish = resolve;
      this.#crash = reject;
    });
    const at = this.#o.now();
    this.#event(resumed ? 'workflow_resumed' : 'workflow_started', at);
    if (resumed || fromQueue) this.#log.state('executing', at);
    this.#o.emit({
      type: 'run-state',
      executionId: this.#o.executionId,
      workflow: this.#name,
      state: 'executing',
      resumed,
    });
    for (let i = 0; i < this.#steps.length; i++) {
      if (this.#slots[i]!.status === StepStatus.pending && this.#slots[i]!.remaining === 0)
        this.#ready.push(i);
    }
    void this.#pump();
    return done;
  }

  get #name(): string {
    return this.#o.loaded.definition.name;
  }

  #restore(i: number | undefined, row: StepRecord): void {
    if (i === undefined) return;
    this.#slots[i]!.attempt = row.attempt;
    const key = this.#steps[i]!.key;
    if (
      row.status === StepStatus.succeeded ||
      (row.status === StepStatus.skipped && row.reason === 'condition')
    ) {
      this.#slots[i]!.status = row.status;
      this.#context.steps[key] = {
        status: row.status,
        output: row.output,
        outputs: row.outputs ?? {},
        attempt: row.attempt,
      };
      for (const d of this.#slots[i]!.dependents) this.#slots[d]!.remaining--;
      return;
    }
    if (row.status === StepStatus.running) {
      // In flight when the process died: it runs again, as its next attempt.
      this.#event('step_interrupted', this.#o.now(), key, row.attempt, { reason: 'process ended mid-step' });
      this.#o.emit({
        type: 'step-interrupted',
        executionId: this.#o.executionId,
        key,
        attempt: row.attempt,
        reason: 'the process running it ended',
      });
    }
    // pending, failed, skipped by a failure, interrupted: this run gives it another chance.
  }

  /** Starts ready steps up to the concurrency limit, after committing the writes that led here. */
  async #pump(): Promise<void> {
    try {
      const launch: { i: number; failed?: StepAttempt }[] = [];
      while (
        !this.#lost &&
        this.#stop === undefined &&
        this.#running < this.#o.concurrency &&
        this.#ready.length > 0
      ) {
        const i = this.#ready.shift()!;
        const begun = this.#begin(i);
        if (begun !== false) launch.push({ i, ...(begun === true ? {} : { failed: begun }) });
      }
      await this.#flush();
      for (const { i, failed } of launch) {
        const key = this.#steps[i]!.key;
        this.#o.emit({
          type: 'step-started',
          executionId: this.#o.executionId,
          key,
          attempt: this.#slots[i]!.attempt,
        });
        const attempt = failed ? Promise.resolve(failed) : runStepAttempts(this.#attempts, this.#slots[i]!);
        attempt.then(
          (result) => this.#settle(i, result),
          (error: unknown) => this.#crash(error),
        );
      }
      if (this.#running === 0 && launch.length === 0 && !this.#ended) {
        this.#ended = true;
        await this.#end();
      }
    } catch (error) {
      this.#crash(error);
    }
  }

  /**
   * Moves step i to running, or skips it on a false `if`. Returns true to launch it, false when it was
   * skipped, or the failed attempt when its condition could not be evaluated.
   */
  #begin(i: number): boolean | StepAttempt {
    const step = this.#steps[i]!;
    let run = true;
    let failed: StepAttempt | undefined;
    if (step.if !== undefined) {
      try {
        run = evaluateCondition(step.if, this.#context);
      } catch (error) {
        failed = { ok: false, error: asError(error) };
      }
    }
    if (!run) {
      this.#skip(i, 'condition');
      return false;
    }
    this.#transition(i, StepStatus.running);
    this.#running++;
    return failed ?? true;
  }

  /** Records how a launched step ended and lets its dependents go. */
  async #settle(i: number, attempt: StepAttempt): Promise<void> {
    this.#running--;
    if (this.#lost) return;
    const step = this.#steps[i]!;
    const key = step.key;
    const at = this.#o.now();
    if (attempt.ok === 'stopped') {
      const to = this.#stop === 'cancel' ? StepStatus.cancelled : StepStatus.pending;
      this.#transition(i, to, { reason: this.#stop ?? 'stopped' });
      this.#o.emit(
        to === StepStatus.cancelled
          ? { type: 'step-cancelled', executionId: this.#o.executionId, key }
          : {
              type: 'step-interrupted',
              executionId: this.#o.executionId,
              key,
              attempt: this.#slots[i]!.attempt,
              reason: 'paused',
            },
      );
    } else if (attempt.ok) {
      const { output, outputs, usage } = attempt.result;
      // The completion event is the checkpoint (`execution@seq`) and holds what resume needs.
      this.#transition(i, StepStatus.succeeded, {
        output: output ?? null,
        ...(outputs ? { outputs } : {}),
        ...(usage ? { usage } : {}),
      });
      this.#context.steps[key] = {
        status: StepStatus.succeeded,
        output: output ?? null,
        outputs: outputs ?? {},
        attempt: this.#slots[i]!.attempt,
      };
      this.#o.emit({
        type: 'step-succeeded',
        executionId: this.#o.executionId,
        key,
        attempt: this.#slots[i]!.attempt,
        output: output ?? null,
        durationMs: at - this.#slots[i]!.startedAt,
      });
      this.#release(i);
    } else {
      const message = attempt.error.message;
      this.#transition(i, StepStatus.failed, { error: message });
      this.#context.steps[key] = {
        status: StepStatus.failed,
        output: null,
        outputs: {},
        attempt: this.#slots[i]!.attempt,
      };
      this.#o.emit({
        type: 'step-failed',
        executionId: this.#o.executionId,
        key,
        attempt: this.#slots[i]!.attempt,
        error: message,
        willRetry: false,
      });
      if (step.continueOnError) this.#release(i);
      else {
        this.#failed ??= `step '${key}' failed: ${message}`;
        for (const d of this.#slots[i]!.dependents) this.#skipUpstream(d);
      }
    }
    await this.#pump();
  }

  #release(i: number): void {
    for (const d of this.#slots[i]!.dependents) {
      if (this.#slots[d]!.status === StepStatus.pending && --this.#slots[d]!.remaining === 0)
        this.#ready.push(d);
    }
  }

  #skip(i: number, reason: 'condition' | 'upstream'): void {
    const key = this.#steps[i]!.key;
    this.#transition(i, StepStatus.skipped, { reason });
    this.#context.steps[key] = {
      status: StepStatus.skipped,
      output: null,
      outputs: {},
      attempt: this.#slots[i]!.attempt,
    };
    this.#o.emit({ type: 'step-skipped', executionId: this.#o.executionId, key, reason });
    if (reason === 'condition') this.#release(i);
    else for (const d of this.#slots[i]!.dependents) this.#skipUpstream(d);
  }

  #skipUpstream(i: number): void {
    if (this.#slots[i]!.status === StepStatus.pending) this.#skip(i, 'upstream');
  }

  async #end(): Promise<void> {
    const at = this.#o.now();
    let state: RunState;
    if (this.#stop === 'cancel') {
      for (let i = 0; i < this.#steps.length; i++) {
        if (this.#slots[i]!.status === StepStatus.pending) this.#transition(i, StepStatus.cancelled);
      }
      state = RunState.cancelled;
    } else if (this.#stop === 'pause') state = RunState.paused;
    else state = this.#failed === undefined ? RunState.completed : RunState.failed;
    assertRunTransition(RunState.executing, state);
    this.#event(
      `workflow_${state}`,
      at,
      undefined,
      undefined,
      this.#failed ? { error: this.#failed } : undefined,
    );
    const error = state === RunState.failed ? this.#failed : undefined;
    this.#log.state(state, at, { completed: state !== RunState.paused, ...(error ? { error } : {}) });
    await this.#flush();
    this.#o.emit({
      type: 'run-state',
      executionId: this.#o.executionId,
      workflow: this.#name,
      state,
      ...(error ? { error } : {}),
    });
    this.#finish({ state, ...(error ? { error } : {}) });
  }

  /** Moves step i to `to` in memory and logs the event that records it; both or neither happen. */
  #transition(i: number, to: StepStatus, data?: Record<string, unknown>): void {
    const key = this.#steps[i]!.key;
    assertStepTransition(this.#slots[i]!.status, to, key);
    this.#slots[i]!.status = to;
    const at = this.#o.now();
    if (to === StepStatus.running) {
      this.#slots[i]!.attempt++;
      this.#slots[i]!.startedAt = at;
    }
    this.#event(stepEvents[to], at, key, this.#slots[i]!.attempt, data);
  }

  #event(
    type: string,
    at: number,
    stepKey?: string,
    attempt?: number,
    data?: Record<string, unknown>,
  ): number {
    return this.#log.event(type, at, stepKey, attempt, data);
  }

  async #flush(): Promise<void> {
    try {
      await this.#log.flush();
    } catch (error) {
      if (this.#log.lost) this.loseLease();
      throw error;
    }
  }
}
