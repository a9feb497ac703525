import type { EventRecord, StepRecord, StoreWrite, WorkflowStore } from '../store/index.js';
import type { ExpressionContext } from './expression.js';
import { compileTemplateCached, evaluateCondition } from './template.js';
import type { LoadedWorkflow } from './load-workflow-file.js';
import { assertRunTransition, assertStepTransition, RunState, StepStatus } from './state-machine.js';
import type { StepExecutor, StepResult } from './step-executor.js';
import { StepFailedError, StepTimeoutError } from './workflow-errors.js';
import type { WorkflowEvent } from './workflow-events.js';
import { dependenciesOf, durationMs, stepKindsOf, type WorkflowStep } from './workflow-schema.js';

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
}

export interface RunOutcome {
  state: RunState;
  error?: string;
}

type StopReason = 'pause' | 'cancel';
type Attempt = { ok: true; result: StepResult } | { ok: false; error: Error } | { ok: 'stopped' };

const defaultBackoff = { initial: 1_000, factor: 2, max: 30_000 };

/**
 * One run of a workflow: a ready-set scheduler over the step graph. A step starts the moment its last
 * dependency finishes; every transition (a step starting, finishing, retrying) is written as one small
 * transaction, and the completion of one step is committed together with the starts it unlocks.
 */
export class ExecutionRun {
  readonly #o: ExecutionRunOptions;
  readonly #steps: readonly WorkflowStep[];
  readonly #status: StepStatus[];
  readonly #attempt: number[];
  readonly #remaining: number[];
  readonly #dependents: number[][];
  readonly #startedAt: number[];
  readonly #ready: number[] = [];
  readonly #context: ExpressionContext;
  readonly #controller = new AbortController();
  #writes: StoreWrite[] = [];
  #seq: number;
  #running = 0;
  #failed: string | undefined;
  #stop: StopReason | undefined;
  #ended = false;
  #finish!: (outcome: RunOutcome) => void;
  #crash!: (error: unknown) => void;

  constructor(options: ExecutionRunOptions) {
    this.#o = options;
    this.#steps = options.loaded.definition.steps;
    this.#seq = options.lastSeq ?? 0;
    const count = this.#steps.length;
    const index = new Map(this.#steps.map((step, i) => [step.key, i]));
    this.#status = new Array<StepStatus>(count).fill(StepStatus.pending);
    this.#attempt = new Array<number>(count).fill(0);
    this.#startedAt = new Array<number>(count).fill(0);
    this.#dependents = this.#steps.map(() => []);
    this.#remaining = this.#steps.map((step, i) => {
      const deps = dependenciesOf(step);
      for (const dep of deps) this.#dependents[index.get(dep)!]!.push(i);
      return deps.length;
    });
    this.#context = {
      inputs: options.inputs,
      steps: {},
      execution: { id: options.executionId },
      env: process.env,
    };
    for (const row of options.previous ?? []) this.#restore(index.get(row.key), row);
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

  async execute(resumed: boolean): Promise<RunOutcome> {
    const done = new Promise<RunOutcome>((resolve, reject) => {
      this.#finish = resolve;
      this.#crash = reject;
    });
    const at = this.#o.now();
    this.#event(resumed ? 'workflow_resumed' : 'workflow_started', at);
    if (resumed) this.#writes.push({ type: 'execution', executionId: this.#o.executionId, state: 'executing', at });
    this.#o.emit({ type: 'run-state', executionId: this.#o.executionId, workflow: this.#name, state: 'executing', resumed });
    for (let i = 0; i < this.#steps.length; i++) {
      if (this.#status[i] === StepStatus.pending && this.#remaining[i] === 0) this.#ready.push(i);
    }
    void this.#pump();
    return done;
  }

  get #name(): string {
    return this.#o.loaded.definition.name;
  }

  #restore(i: number | undefined, row: StepRecord): void {
    if (i === undefined) return;
    this.#attempt[i] = row.attempt;
    const key = this.#steps[i]!.key;
    if (row.status === StepStatus.succeeded || (row.status === StepStatus.skipped && row.reason === 'condition')) {
      this.#status[i] = row.status;
      this.#context.steps[key] = { status: row.status, output: row.output, outputs: row.outputs ?? {}, attempt: row.attempt };
      for (const d of this.#dependents[i]!) this.#remaining[d]!--;
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
      const launch: { i: number; failed?: Attempt }[] = [];
      while (this.#stop === undefined && this.#running < this.#o.concurrency && this.#ready.length > 0) {
        const i = this.#ready.shift()!;
        const begun = this.#begin(i);
        if (begun !== false) launch.push({ i, ...(begun === true ? {} : { failed: begun }) });
      }
      await this.#flush();
      for (const { i, failed } of launch) {
        const key = this.#steps[i]!.key;
        this.#o.emit({ type: 'step-started', executionId: this.#o.executionId, key, attempt: this.#attempt[i]! });
        const attempt = failed ? Promise.resolve(failed) : this.#runStep(i);
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
  #begin(i: number): boolean | Attempt {
    const step = this.#steps[i]!;
    let run = true;
    let failed: Attempt | undefined;
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

  #runStep(i: number): Promise<Attempt> {
    const step = this.#steps[i]!;
    if (step.forEach !== undefined) return this.#withRetries(i, () => this.#runForEach(i));
    return this.#withRetries(i, () => this.#attemptOnce(step, step.key, i, {}));
  }

  async #withRetries(i: number, once: () => Promise<Attempt>): Promise<Attempt> {
    const step = this.#steps[i]!;
    const key = step.key;
    const attempts = step.retry?.attempts ?? 1;
    for (let tried = 1; ; tried++) {
      const attempt = await once();
      if (attempt.ok !== false || this.#stop !== undefined || tried >= attempts) return attempt;
      const delay = backoffMs(step, tried);
      this.#o.emit({
        type: 'step-failed',
        executionId: this.#o.executionId,
        key,
        attempt: this.#attempt[i]!,
        error: attempt.error.message,
        willRetry: true,
        retryInMs: delay,
      });
      try {
        await this.#o.sleep(delay, this.#controller.signal);
      } catch {
        return { ok: 'stopped' };
      }
      this.#attempt[i]!++;
      this.#writeStep(i, key, StepStatus.running, { error: attempt.error.message });
      this.#event('step_retrying', this.#o.now(), key, this.#attempt[i], { error: attempt.error.message });
      await this.#flush();
      this.#o.emit({ type: 'step-started', executionId: this.#o.executionId, key, attempt: this.#attempt[i]! });
    }
  }

  async #attemptOnce(step: WorkflowStep, key: string, i: number, extra: Partial<ExpressionContext>): Promise<Attempt> {
    const kind = stepKindsOf(step)[0]!;
    const executor = this.#o.executors[kind];
    if (!executor) return { ok: false, error: new StepFailedError(`no executor for ${kind} steps`, key) };
    const attempt = this.#attempt[i]!;
    const idempotencyKey = `${this.#o.executionId}:${key}`;
    const expressions: ExpressionContext = { ...this.#context, ...extra, step: { key, attempt, idempotencyKey } };
    const controller = new AbortController();
    const abort = () => controller.abort(this.#controller.signal.reason);
    this.#controller.signal.addEventListener('abort', abort, { once: true });
    const timeoutMs = step.timeout === undefined ? undefined : durationMs(step.timeout);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      if (timeoutMs === undefined) return;
      timer = setTimeout(() => {
        const error = new StepTimeoutError(key, timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const run = this.#o;
    try {
      const result = await Promise.race([
        executor.execute({
          executionId: run.executionId,
          step,
          key,
          attempt,
          idempotencyKey,
          expressions,
          workflowFile: run.loaded.file,
          ...(run.loaded.subWorkflows.has(step.key) ? { subWorkflow: run.loaded.subWorkflows.get(step.key)! } : {}),
          signal: controller.signal,
          render: (text) => compileTemplateCached(text).render(expressions),
          log: (text, stream = 'stdout') => run.emit({ type: 'step-log', executionId: run.executionId, key, stream, text }),
          recordProcess: (pid) => void run.store.recordProcess(run.executionId, key, pid),
        }),
        timedOut,
      ]);
      return { ok: true, result };
    } catch (error) {
      if (this.#stop !== undefined) return { ok: 'stopped' };
      return { ok: false, error: asError(error) };
    } finally {
      clearTimeout(timer);
      this.#controller.signal.removeEventListener('abort', abort);
    }
  }

  /** Runs a forEach step's items, each its own durable row `key[i]`, so a resume skips finished items. */
  async #runForEach(i: number): Promise<Attempt> {
    const step = this.#steps[i]!;
    let items: unknown;
    try {
      items = typeof step.forEach === 'string' ? compileTemplateCached(step.forEach).evaluate(this.#context) : step.forEach;
    } catch (error) {
      return { ok: false, error: asError(error) };
    }
    if (!Array.isArray(items)) {
      return { ok: false, error: new StepFailedError(`forEach of step '${step.key}' is not a list (got ${typeof items})`, step.key) };
    }
    const done = new Map<string, StepRecord>();
    for (const row of await this.#o.store.getSteps(this.#o.executionId)) {
      if (row.key.startsWith(`${step.key}[`) && row.status === StepStatus.succeeded) done.set(row.key, row);
    }
    const outputs: unknown[] = new Array(items.length);
    let next = 0;
    let failure: Attempt | undefined;
    const worker = async () => {
      while (failure === undefined && next < items.length) {
        const index = next++;
        const key = `${step.key}[${index}]`;
        const previous = done.get(key);
        if (previous) {
          outputs[index] = previous.output;
          continue;
        }
        this.#writes.push(stepWrite(this.#o.executionId, key, StepStatus.running, this.#attempt[i]!, this.#o.now()));
        await this.#flush();
        const attempt = await this.#attemptOnce(step, key, i, { item: items[index], index });
        if (attempt.ok !== true) {
          failure = attempt;
          return;
        }
        outputs[index] = attempt.result.output;
        this.#writes.push({
          ...stepWrite(this.#o.executionId, key, StepStatus.succeeded, this.#attempt[i]!, this.#o.now()),
          output: attempt.result.output ?? null,
        });
        await this.#flush();
      }
    };
    const width = Math.min(step.concurrency ?? 1, items.length);
    await Promise.all(Array.from({ length: Math.max(width, 1) }, worker));
    return failure ?? { ok: true, result: { output: outputs } };
  }

  /** Records how a launched step ended and lets its dependents go. */
  async #settle(i: number, attempt: Attempt): Promise<void> {
    this.#running--;
    const step = this.#steps[i]!;
    const key = step.key;
    const at = this.#o.now();
    if (attempt.ok === 'stopped') {
      const to = this.#stop === 'cancel' ? StepStatus.cancelled : StepStatus.pending;
      this.#transition(i, to);
      this.#event(to === StepStatus.cancelled ? 'step_cancelled' : 'step_interrupted', at, key, this.#attempt[i], {
        reason: this.#stop ?? 'stopped',
      });
      this.#o.emit(
        to === StepStatus.cancelled
          ? { type: 'step-cancelled', executionId: this.#o.executionId, key }
          : { type: 'step-interrupted', executionId: this.#o.executionId, key, attempt: this.#attempt[i]!, reason: 'paused' },
      );
    } else if (attempt.ok) {
      const { output, outputs } = attempt.result;
      this.#transition(i, StepStatus.succeeded, { output: output ?? null, ...(outputs ? { outputs } : {}) });
      const seq = this.#event('step_completed', at, key, this.#attempt[i]);
      this.#writes.push({
        type: 'checkpoint',
        checkpoint: { id: `${this.#o.executionId}@${seq}`, executionId: this.#o.executionId, stepKey: key, seq, createdAt: at },
      });
      this.#context.steps[key] = { status: StepStatus.succeeded, output: output ?? null, outputs: outputs ?? {}, attempt: this.#attempt[i]! };
      this.#o.emit({
        type: 'step-succeeded',
        executionId: this.#o.executionId,
        key,
        attempt: this.#attempt[i]!,
        output: output ?? null,
        durationMs: at - this.#startedAt[i]!,
      });
      this.#release(i);
    } else {
      const message = attempt.error.message;
      this.#transition(i, StepStatus.failed, { error: message });
      this.#event('step_failed', at, key, this.#attempt[i], { error: message });
      this.#context.steps[key] = { status: StepStatus.failed, output: null, outputs: {}, attempt: this.#attempt[i]! };
      this.#o.emit({ type: 'step-failed', executionId: this.#o.executionId, key, attempt: this.#attempt[i]!, error: message, willRetry: false });
      if (step.continueOnError) this.#release(i);
      else {
        this.#failed ??= `step '${key}' failed: ${message}`;
        for (const d of this.#dependents[i]!) this.#skipUpstream(d);
      }
    }
    await this.#pump();
  }

  #release(i: number): void {
    for (const d of this.#dependents[i]!) {
      if (this.#status[d] === StepStatus.pending && --this.#remaining[d]! === 0) this.#ready.push(d);
    }
  }

  #skip(i: number, reason: 'condition' | 'upstream'): void {
    const key = this.#steps[i]!.key;
    this.#transition(i, StepStatus.skipped, { reason });
    this.#event('step_skipped', this.#o.now(), key, undefined, { reason });
    this.#context.steps[key] = { status: StepStatus.skipped, output: null, outputs: {}, attempt: this.#attempt[i]! };
    this.#o.emit({ type: 'step-skipped', executionId: this.#o.executionId, key, reason });
    if (reason === 'condition') this.#release(i);
    else for (const d of this.#dependents[i]!) this.#skipUpstream(d);
  }

  #skipUpstream(i: number): void {
    if (this.#status[i] === StepStatus.pending) this.#skip(i, 'upstream');
  }

  async #end(): Promise<void> {
    const at = this.#o.now();
    let state: RunState;
    if (this.#stop === 'cancel') {
      for (let i = 0; i < this.#steps.length; i++) {
        if (this.#status[i] === StepStatus.pending) this.#transition(i, StepStatus.cancelled);
      }
      state = RunState.cancelled;
    } else if (this.#stop === 'pause') state = RunState.paused;
    else state = this.#failed === undefined ? RunState.completed : RunState.failed;
    assertRunTransition(RunState.executing, state);
    this.#event(`workflow_${state}`, at, undefined, undefined, this.#failed ? { error: this.#failed } : undefined);
    const error = state === RunState.failed ? this.#failed : undefined;
    this.#writes.push({
      type: 'execution',
      executionId: this.#o.executionId,
      state,
      at,
      completed: state !== RunState.paused,
      ...(error ? { error } : {}),
    });
    await this.#flush();
    this.#o.emit({ type: 'run-state', executionId: this.#o.executionId, workflow: this.#name, state, ...(error ? { error } : {}) });
    this.#finish({ state, ...(error ? { error } : {}) });
  }

  #transition(i: number, to: StepStatus, fields: { output?: unknown; outputs?: Record<string, unknown>; error?: string; reason?: string } = {}): void {
    const key = this.#steps[i]!.key;
    assertStepTransition(this.#status[i]!, to, key);
    this.#status[i] = to;
    if (to === StepStatus.running) {
      this.#attempt[i]!++;
      this.#startedAt[i] = this.#o.now();
      this.#event('step_started', this.#startedAt[i]!, key, this.#attempt[i]);
    }
    this.#writeStep(i, key, to, fields);
  }

  #writeStep(i: number, key: string, status: StepStatus, fields: { output?: unknown; outputs?: Record<string, unknown>; error?: string; reason?: string }): void {
    this.#writes.push({ ...stepWrite(this.#o.executionId, key, status, this.#attempt[i]!, this.#o.now()), ...fields });
  }

  #event(type: string, at: number, stepKey?: string, attempt?: number, data?: Record<string, unknown>): number {
    const event: EventRecord = { executionId: this.#o.executionId, seq: ++this.#seq, type, at };
    if (stepKey !== undefined) event.stepKey = stepKey;
    if (attempt !== undefined) event.attempt = attempt;
    if (data !== undefined) event.data = data;
    this.#writes.push({ type: 'event', event });
    return event.seq;
  }

  async #flush(): Promise<void> {
    if (this.#writes.length === 0) return;
    const writes = this.#writes;
    this.#writes = [];
    await this.#o.store.commit(writes);
  }
}

function stepWrite(executionId: string, key: string, status: StepStatus, attempt: number, at: number) {
  return { type: 'step' as const, executionId, key, status, attempt, at };
}

function backoffMs(step: WorkflowStep, tried: number): number {
  const backoff = step.retry?.backoff;
  const initial = backoff?.initial === undefined ? defaultBackoff.initial : durationMs(backoff.initial);
  const max = backoff?.max === undefined ? defaultBackoff.max : durationMs(backoff.max);
  return Math.min(max, initial * (backoff?.factor ?? defaultBackoff.factor) ** (tried - 1));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
