import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidInputError } from '../errors/index.js';
import { redactArguments } from '../secrets/index.js';
import type { ControlRequest, ExecutionRecord, Lease, StepRecord, WorkflowStore } from '../store/index.js';
import { assertResumable } from './assert-resumable.js';
import { ExecutionRun, type RunOutcome } from './execution-run.js';
import { createApprovalExecutor } from './executors/approval-executor.js';
import { killOrphanedStep } from './executors/process-group.js';
import { createRunExecutor } from './executors/run-executor.js';
import { createSubWorkflowExecutor } from './executors/sub-workflow-executor.js';
import { type LoadedWorkflow, loadWorkflowFile } from './load-workflow-file.js';
import { type RequeuedExecution, requeueExecution } from './requeue-execution.js';
import { resolveInputs } from './resolve-inputs.js';
import { fenceOf, isLeaseLive, newLease, takeLease } from './run-lease.js';
import { RunLimiter } from './run-limiter.js';
import { totalUsage } from './run-usage.js';
import { RunState, runTransitions, StepStatus } from './state-machine.js';
import type { StepExecutionContext, StepExecutor } from './step-executor.js';
import { deserializeWorkflow, serializeWorkflow } from './stored-workflow.js';
import { ExecutionNotResumableError } from './workflow-errors.js';
import type { WorkflowEvent, WorkflowEventListener } from './workflow-events.js';
import type { StepKind } from './workflow-schema.js';

export interface EngineOptions {
  store: WorkflowStore;
  /** Executors by step kind; `run`, `approval` and `workflow` are built in and may be replaced. */
  executors?: Partial<Record<StepKind, StepExecutor>>;
  /** Steps of one run in flight at once (default 4). */
  concurrency?: number;
  /** Whole runs in flight at once in this engine (default `MAX_CONCURRENT_WORKFLOWS` or 16). */
  maxConcurrentRuns?: number;
  /** How often a run looks for pause/cancel requests and approvals (default 100 ms). */
  pollIntervalMs?: number;
  /** How long a run's lease lasts without renewal (default 30 s). */
  leaseTtlMs?: number;
  now?: () => number;
}

export interface RunOptions {
  inputs?: Record<string, unknown>;
  concurrency?: number;
  signal?: AbortSignal;
  executionId?: string;
  parent?: { executionId: string; stepKey: string };
}

export interface RunResult {
  executionId: string;
  workflow: string;
  state: RunState;
  error?: string;
  steps: StepRecord[];
  summary: {
    duration: number;
    stepsCompleted: number;
    stepsFailed: number;
    stepsSkipped: number;
    /** Model usage summed over the steps that called a model. */
    usage: { inputTokens: number; outputTokens: number; costUsd: number; simulated: boolean };
  };
}

/**
 * The durable workflow engine. It owns no I/O of its own beyond the store it is given and the
 * executors it calls: `run` starts an execution, `resume` continues one after a pause, a failure or
 * a crash, without running a succeeded step again.
 */
export class WorkflowEngine {
  readonly store: WorkflowStore;
  readonly #executors: Record<string, StepExecutor>;
  readonly #listeners = new Set<WorkflowEventListener>();
  readonly #savedWorkflows = new WeakMap<LoadedWorkflow, string>();
  readonly #loadedWorkflows = new Map<string, LoadedWorkflow>();
  readonly #concurrency: number;
  readonly #limiter: RunLimiter;
  readonly #pollIntervalMs: number;
  readonly #leaseTtlMs: number;
  readonly #now: () => number;

  constructor(options: EngineOptions) {
    // Everything written to the store (events, outputs, errors, inputs) passes the secret policy.
    this.store = redactArguments(options.store);
    this.#concurrency = options.concurrency ?? 4;
    this.#limiter = new RunLimiter(
      options.maxConcurrentRuns ?? Number(process.env.MAX_CONCURRENT_WORKFLOWS ?? 16),
    );
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
    this.#leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    const emit = (event: WorkflowEvent) => this.#emit(event);
    this.#executors = {
      run: createRunExecutor(),
      approval: createApprovalExecutor({ store: this.store, emit, pollIntervalMs: this.#pollIntervalMs }),
      workflow: createSubWorkflowExecutor({ runChild: (context, inputs) => this.#runChild(context, inputs) }),
      ...options.executors,
    };
  }

  /** Step kinds this engine can carry out: workflows using others fail validation. */
  get stepKinds(): StepKind[] {
    return Object.keys(this.#executors) as StepKind[];
  }

  on(listener: WorkflowEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads, validates and runs a workflow file; the states idle → parsing → validating come first. */
  async runFile(path: string, options: RunOptions = {}): Promise<RunResult> {
    const announce = (state: RunState) =>
      this.#emit({ type: 'run-state', executionId: options.executionId ?? '', workflow: path, state });
    announce(RunState.parsing);
    const loaded = await loadWorkflowFile(path, { stepKinds: this.stepKinds });
    announce(RunState.validating);
    return this.run(loaded, options);
  }

  /**
   * The seed's programmatic form: `context` values are the workflow's inputs.
   * `engine.executeWorkflowFromFile('code-review.yaml', { context: { repository, branch } })`.
   */
  executeWorkflowFromFile(
    path: string,
    options: RunOptions & { context?: Record<string, unknown> } = {},
  ): Promise<RunResult> {
    const { context, ...rest } = options;
    return this.runFile(path, { ...rest, inputs: { ...context, ...rest.inputs } });
  }

  async run(loaded: LoadedWorkflow, options: RunOptions = {}): Promise<RunResult> {
    const inputs = resolveInputs(loaded.definition, options.inputs ?? {});
    const release = options.parent ? undefined : await this.#limiter.acquire();
    try {
      const workflowId = await this.#saveWorkflow(loaded);
      const executionId = options.executionId ?? newExecutionId();
      const at = this.#now();
      const lease = newLease(this.#now(), this.#leaseTtlMs);
      const record: ExecutionRecord = {
        id: executionId,
        workflowId,
        workflowName: loaded.definition.name,
        file: loaded.file,
        state: RunState.executing,
        inputs,
        startedAt: at,
        updatedAt: at,
        resumeCount: 0,
        lease,
        ...(options.parent
          ? { parentExecutionId: options.parent.executionId, parentStepKey: options.parent.stepKey }
          : {}),
      };
      await this.store.createExecution(record, []);
      return await this.#drive(record, loaded, lease, {
        ...options,
        resumed: false,
        previous: [],
        lastSeq: 0,
      });
    } finally {
      release?.();
    }
  }

  /**
   * Stores a run for workers to start (state `queued`, no lease): the caller enqueues its id. Inputs
   * are checked here, before anything is stored, exactly as for `run`.
   */
  async submit(
    loaded: LoadedWorkflow,
    options: Pick<RunOptions, 'inputs' | 'executionId'> = {},
  ): Promise<string> {
    const inputs = resolveInputs(loaded.definition, options.inputs ?? {});
    const workflowId = await this.#saveWorkflow(loaded);
    const executionId = options.executionId ?? newExecutionId();
    const at = this.#now();
    await this.store.createExecution(
      {
        id: executionId,
        workflowId,
        workflowName: loaded.definition.name,
        file: loaded.file,
        state: RunState.queued,
        inputs,
        startedAt: at,
        updatedAt: at,
        resumeCount: 0,
      },
      [{ type: 'event', event: { executionId, seq: 1, type: 'workflow_queued', at } }],
    );
    return executionId;
  }

  /**
   * Continues an execution (by its id, or by a checkpoint id `execution@seq`), or starts a queued one.
   * With `onlyIn`, does so only while the execution is in one of those states, checked again once the
   * lease is held (a worker given a run that another worker already finished leaves it alone).
   */
  async resume(
    id: string,
    options: Omit<RunOptions, 'inputs' | 'executionId' | 'parent'> & { onlyIn?: readonly RunState[] } = {},
  ): Promise<RunResult> {
    const executionId = await this.resolveExecutionId(id);
    const found = await this.store.getExecution(executionId);
    if (!found) throw new ExecutionNotResumableError(`no execution '${id}' in this database`);
    assertResumable(found, options.onlyIn);
    const release = found.parentExecutionId ? undefined : await this.#limiter.acquire();
    try {
      const lease = await takeLease(
        this.store,
        executionId,
        newLease(this.#now(), this.#leaseTtlMs),
        this.#now(),
      );
      const execution = (await this.store.getExecution(executionId)) ?? found;
      try {
        assertResumable(execution, options.onlyIn);
      } catch (error) {
        await this.store.releaseLease(executionId, lease.owner);
        throw error;
      }
      // Read under the lease, so nothing else writes them meanwhile: one round trip instead of three.
      const [loaded, previous, lastSeq] = await Promise.all([
        this.#storedWorkflow(execution.workflowId),
        this.store.getSteps(executionId),
        this.store.lastEventSeq(executionId),
      ]);
      if (!loaded)
        throw new ExecutionNotResumableError(
          `the workflow of execution ${executionId} is missing from the database`,
        );
      // A recorded pid means something only on the host that ran it.
      const sameHost = found.lease === undefined || found.lease.host === hostname();
      for (const step of previous) {
        if (sameHost && step.status === StepStatus.running && step.pid !== undefined)
          killOrphanedStep(step.pid, executionId, step.key);
      }
      const fromQueue = execution.state === RunState.queued;
      return await this.#drive(execution, loaded, lease, {
        ...options,
        // A queued run that was resumed before was handed back to workers by a resume (requeue).
        resumed: !fromQueue || execution.resumeCount > 0,
        fromQueue,
        previous,
        lastSeq,
      });
    } finally {
      release?.();
    }
  }

  /**
   * Resume with workers: hands the execution (or the execution of a checkpoint) back to them instead of
   * running it here (see requeueExecution); the caller enqueues the id and follows the log after `seq`.
   */
  async requeue(id: string): Promise<RequeuedExecution> {
    return requeueExecution(this.store, await this.resolveExecutionId(id), this.#now());
  }

  /**
   * Asks a running execution to pause or cancel. The engine running it sees the request within one poll
   * interval and aborts its in-flight steps; an execution whose process is gone is moved at once.
   */
  async requestStop(
    id: string,
    request: ControlRequest,
  ): Promise<{ executionId: string; state: string; applied: boolean }> {
    const executionId = await this.resolveExecutionId(id);
    const execution = await this.store.getExecution(executionId);
    if (!execution) throw new ExecutionNotResumableError(`no execution '${id}' in this database`);
    const target = request === 'pause' ? RunState.paused : RunState.cancelled;
    if (execution.state === target) return { executionId, state: target, applied: true };
    const from = execution.state as RunState;
    if (!runTransitions[from].includes(target)) {
      throw new ExecutionNotResumableError(`execution ${executionId} is ${from}; it cannot be ${target}`);
    }
    const holder = execution.lease;
    const live = holder !== undefined && isLeaseLive(holder, this.#now());
    if (live && from === RunState.executing) {
      await this.store.requestControl(executionId, request);
      return { executionId, state: from, applied: false };
    }
    const at = this.#now();
    const seq = (await this.store.lastEventSeq(executionId)) + 1;
    await this.store.commit([
      { type: 'event', event: { executionId, seq, type: `workflow_${target}`, at, data: { by: 'request' } } },
      { type: 'execution', executionId, state: target, at, completed: target === RunState.cancelled },
    ]);
    return { executionId, state: target, applied: true };
  }

  /** Records a person's decision on an approval step; the waiting run picks it up. */
  async approve(
    id: string,
    stepKey: string,
    decision: { approved: boolean; by: string; comment?: string },
  ): Promise<{ executionId: string }> {
    const executionId = await this.resolveExecutionId(id);
    const execution = await this.store.getExecution(executionId);
    if (!execution) throw new ExecutionNotResumableError(`no execution '${id}' in this database`);
    const workflow = await this.store.getWorkflow(execution.workflowId);
    const steps = workflow ? deserializeWorkflow(workflow.definition).definition.steps : [];
    const step = steps.find((candidate) => candidate.key === stepKey);
    if (!step || step.approval === undefined) {
      const approvals = steps
        .filter((candidate) => candidate.approval !== undefined)
        .map((candidate) => candidate.key);
      throw new ExecutionNotResumableError(
        `execution ${executionId} has no approval step '${stepKey}' (approval steps: ${approvals.join(', ') || 'none'})`,
      );
    }
    const approvers = typeof step.approval === 'object' ? step.approval.approvers : undefined;
    if (approvers !== undefined && approvers.length > 0 && !approvers.includes(decision.by)) {
      throw new InvalidInputError(
        `step '${stepKey}' may be decided only by ${approvers.join(', ')}, not '${decision.by}' (pass --by <name>)`,
        { code: 'approver-not-allowed' },
      );
    }
    await this.store.saveApproval({
      executionId,
      stepKey,
      decision: decision.approved ? 'approved' : 'rejected',
      by: decision.by,
      at: this.#now(),
      ...(decision.comment === undefined ? {} : { comment: decision.comment }),
    });
    return { executionId };
  }

  /**
   * A stored workflow, parsed once per engine: its id is a hash of its content, so a worker taking
   * many runs of one workflow reads and parses it once (the most recent 256 workflows are kept).
   */
  async #storedWorkflow(workflowId: string): Promise<LoadedWorkflow | undefined> {
    const cached = this.#loadedWorkflows.get(workflowId);
    if (cached) return cached;
    const workflow = await this.store.getWorkflow(workflowId);
    if (!workflow) return undefined;
    const loaded = deserializeWorkflow(workflow.definition);
    if (this.#loadedWorkflows.size >= 256)
      this.#loadedWorkflows.delete(this.#loadedWorkflows.keys().next().value!);
    this.#loadedWorkflows.set(workflowId, loaded);
    return loaded;
  }

  /** Stores a loaded workflow once per engine and content: a workflow run again is not serialised again. */
  async #saveWorkflow(loaded: LoadedWorkflow): Promise<string> {
    const saved = this.#savedWorkflows.get(loaded);
    if (saved !== undefined) return saved;
    const definition = serializeWorkflow(loaded);
    const workflowId = createHash('sha256').update(definition).digest('hex').slice(0, 16);
    await this.store.saveWorkflow({
      id: workflowId,
      name: loaded.definition.name,
      file: loaded.file,
      definition,
      ...(loaded.definition.version === undefined ? {} : { version: String(loaded.definition.version) }),
    });
    this.#savedWorkflows.set(loaded, workflowId);
    return workflowId;
  }

  async resolveExecutionId(id: string): Promise<string> {
    if (!id.includes('@')) return id;
    const checkpoint = await this.store.getCheckpoint(id);
    if (!checkpoint) throw new ExecutionNotResumableError(`no checkpoint '${id}' in this database`);
    return checkpoint.executionId;
  }

  async #drive(
    execution: ExecutionRecord,
    loaded: LoadedWorkflow,
    lease: Lease,
    options: RunOptions & {
      resumed: boolean;
      fromQueue?: boolean;
      previous: readonly StepRecord[];
      lastSeq: number;
    },
  ): Promise<RunResult> {
    const run = new ExecutionRun({
      executionId: execution.id,
      loaded,
      inputs: execution.inputs,
      store: this.store,
      executors: this.#executors,
      concurrency: options.concurrency ?? loaded.definition.concurrency ?? this.#concurrency,
      emit: (event) => this.#emit(event),
      now: this.#now,
      sleep: (ms, signal) => sleep(ms, undefined, { signal }),
      previous: options.previous,
      lastSeq: options.lastSeq,
      fence: fenceOf(execution.id, lease),
    });
    const onAbort = () => run.requestStop(options.signal?.reason === 'cancel' ? 'cancel' : 'pause');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let polls = 0;
    const renewEvery = Math.max(1, Math.floor(this.#leaseTtlMs / 3 / this.#pollIntervalMs));
    const poller = setInterval(async () => {
      try {
        const control = await this.store.readControl(execution.id);
        if (control) run.requestStop(control);
        if (++polls % renewEvery === 0) {
          const held = await this.store.renewLease(
            fenceOf(execution.id, lease),
            this.#now() + this.#leaseTtlMs,
          );
          if (!held) run.loseLease();
        }
      } catch {
        // A busy database delays the next look; the run itself reports write failures.
      }
    }, this.#pollIntervalMs);
    let outcome: RunOutcome | undefined;
    try {
      if (options.signal?.aborted) onAbort();
      outcome = await run.execute(options.resumed, options.fromQueue);
    } finally {
      clearInterval(poller);
      options.signal?.removeEventListener('abort', onAbort);
      // The run's last write (completed, failed, paused, cancelled) already let go of the lease.
      if (outcome === undefined) await this.store.releaseLease(execution.id, lease.owner);
    }
    return this.#result(execution, outcome, loaded);
  }

  /** The result of an execution as stored: what `run` returns, for a run that ran elsewhere (a worker). */
  async result(executionId: string): Promise<RunResult> {
    const execution = await this.store.getExecution(executionId);
    if (!execution) throw new ExecutionNotResumableError(`no execution '${executionId}' in this database`);
    const workflow = await this.store.getWorkflow(execution.workflowId);
    const outcome = {
      state: execution.state as RunState,
      ...(execution.error === undefined ? {} : { error: execution.error }),
    };
    const result = await this.#result(
      execution,
      outcome,
      workflow && deserializeWorkflow(workflow.definition),
    );
    const end = execution.completedAt ?? execution.updatedAt;
    return { ...result, summary: { ...result.summary, duration: end - execution.startedAt } };
  }

  async #result(
    execution: ExecutionRecord,
    outcome: RunOutcome,
    loaded?: LoadedWorkflow,
  ): Promise<RunResult> {
    const steps = await this.store.getSteps(execution.id);
    if (loaded) {
      // Definition order, with each forEach item right after its step.
      const order = new Map(loaded.definition.steps.map((step, index) => [step.key, index]));
      const rank = (key: string) => order.get(key.split('[')[0]!) ?? order.size;
      steps.sort(
        (a, b) => rank(a.key) - rank(b.key) || a.key.length - b.key.length || a.key.localeCompare(b.key),
      );
    }
    const count = (status: StepStatus) =>
      steps.filter((step) => step.status === status && !step.key.includes('[')).length;
    return {
      executionId: execution.id,
      workflow: execution.workflowName,
      state: outcome.state,
      ...(outcome.error ? { error: outcome.error } : {}),
      steps,
      summary: {
        duration: this.#now() - execution.startedAt,
        stepsCompleted: count(StepStatus.succeeded),
        stepsFailed: count(StepStatus.failed),
        stepsSkipped: count(StepStatus.skipped),
        usage: totalUsage(steps),
      },
    };
  }

  async #runChild(context: StepExecutionContext, inputs: Record<string, unknown>) {
    const childId = `${context.executionId}/${context.key}`;
    const existing = await this.store.getExecution(childId);
    let result: RunResult;
    if (existing?.state === RunState.completed) {
      result = await this.#result(existing, { state: RunState.completed });
    } else if (existing) {
      result = await this.resume(childId, { signal: context.signal });
    } else {
      if (!context.subWorkflow) throw new Error(`step '${context.key}' has no loaded sub-workflow`);
      result = await this.run(context.subWorkflow, {
        inputs,
        signal: context.signal,
        executionId: childId,
        parent: { executionId: context.executionId, stepKey: context.key },
      });
    }
    const outputs: Record<string, unknown> = {};
    for (const step of result.steps)
      if (step.status === StepStatus.succeeded) outputs[step.key] = step.output;
    return { state: result.state, ...(result.error ? { error: result.error } : {}), outputs };
  }

  #emit(event: WorkflowEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

export function createEngine(options: EngineOptions): WorkflowEngine {
  return new WorkflowEngine(options);
}

/** A new execution id, `ex-<time>-<random>`: sortable by start and unique across processes. */
export function newExecutionId(): string {
  return `ex-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
