import { redactError, redactString, redactStrings } from '../secrets/index.js';
import type { LeaseFence, WorkflowStore } from '../store/index.js';
import type { ExpressionContext } from './expression.js';
import { runForEachItems } from './for-each-step.js';
import type { LoadedWorkflow } from './load-workflow-file.js';
import { backoffMs } from './retry-backoff.js';
import { StepStatus } from './state-machine.js';
import type { StepAttempt } from './step-attempt.js';
import type { StepExecutor } from './step-executor.js';
import type { StepSlot } from './step-slot.js';
import { stepTimeout } from './step-timeout.js';
import { compileTemplateCached } from './template.js';
import { asError, StepFailedError } from './workflow-errors.js';
import type { WorkflowEvent } from './workflow-events.js';

/** What the attempt loop sees of the run that schedules it. */
export interface AttemptHost {
  readonly executionId: string;
  readonly loaded: LoadedWorkflow;
  readonly store: WorkflowStore;
  readonly executors: Readonly<Record<string, StepExecutor>>;
  readonly fence?: LeaseFence | undefined;
  readonly emit: (event: WorkflowEvent) => void;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborts when the run is paused, cancelled or loses its lease. */
  readonly signal: AbortSignal;
  /** The run's expressions; `steps` fills in as steps settle. */
  readonly context: ExpressionContext;
  /** True once the run was asked to stop or lost its lease: a failure then is not retried. */
  stopping(): boolean;
  /** Appends a step event to the run's log (committed by the next flush). */
  event(type: string, key: string, attempt: number, data?: Record<string, unknown>): void;
  /** Commits the run's buffered writes. */
  flush(): Promise<void>;
}

/**
 * Runs a step that the scheduler moved to running: its attempts (or its forEach items), each under
 * the step's timeout and the run's signal, with backoff between retries and a `step_retrying` event
 * committed before each new attempt. Resolves with how the last attempt ended; the scheduler records
 * the step's outcome.
 */
export function runStepAttempts(run: AttemptHost, slot: StepSlot): Promise<StepAttempt> {
  const once =
    slot.step.forEach === undefined
      ? () => attemptOnce(run, slot, slot.step.key, {})
      : () => runForEach(run, slot);
  return withRetries(run, slot, once);
}

async function withRetries(
  run: AttemptHost,
  slot: StepSlot,
  once: () => Promise<StepAttempt>,
): Promise<StepAttempt> {
  const step = slot.step;
  const key = step.key;
  const attempts = step.retry?.attempts ?? 1;
  for (let tried = 1; ; tried++) {
    const attempt = await once();
    if (attempt.ok !== false || run.stopping() || tried >= attempts) return attempt;
    const delay = backoffMs(step, tried);
    run.emit({
      type: 'step-failed',
      executionId: run.executionId,
      key,
      attempt: slot.attempt,
      error: attempt.error.message,
      willRetry: true,
      retryInMs: delay,
    });
    try {
      await run.sleep(delay, run.signal);
    } catch {
      return { ok: 'stopped' };
    }
    slot.attempt++;
    run.event('step_retrying', key, slot.attempt, { error: attempt.error.message });
    await run.flush();
    run.emit({ type: 'step-started', executionId: run.executionId, key, attempt: slot.attempt });
  }
}

/** One attempt of the step (or of one forEach item, `key` being the item's). */
async function attemptOnce(
  run: AttemptHost,
  slot: StepSlot,
  key: string,
  extra: Partial<ExpressionContext>,
): Promise<StepAttempt> {
  const { step, kind } = slot;
  const executor = run.executors[kind];
  if (!executor) return { ok: false, error: new StepFailedError(`no executor for ${kind} steps`, key) };
  const attempt = slot.attempt;
  const idempotencyKey = `${run.executionId}:${key}`;
  const expressions: ExpressionContext = {
    ...run.context,
    ...extra,
    step: { key, attempt, idempotencyKey },
  };
  // Only a step with a timeout needs a signal and a timer of its own; the rest share the run's.
  const timeout = slot.timeoutMs === undefined ? undefined : stepTimeout(key, slot.timeoutMs, run.signal);
  try {
    const execution = executor.execute({
      executionId: run.executionId,
      step,
      workflow: run.loaded.definition,
      key,
      attempt,
      idempotencyKey,
      expressions,
      workflowFile: run.loaded.file,
      ...(run.loaded.subWorkflows.has(step.key)
        ? { subWorkflow: run.loaded.subWorkflows.get(step.key)! }
        : {}),
      signal: timeout?.signal ?? run.signal,
      render: (text) => compileTemplateCached(text).render(expressions),
      resolve: (value) => resolveTemplates(value, expressions),
      log: (text, stream = 'stdout') =>
        run.emit({ type: 'step-log', executionId: run.executionId, key, stream, text: redactString(text) }),
      recordProcess: (pid) => void run.store.recordProcess(run.executionId, key, pid, run.fence),
      record: async (type, data) => {
        run.event(type, key, attempt, data);
        run.emit({ type: 'step-note', executionId: run.executionId, key, note: type, data });
        await run.flush();
      },
    });
    const result = await (timeout ? Promise.race([execution, timeout.expired]) : execution);
    // Step outputs and errors pass the secret policy before they are stored, shown or passed on.
    return { ok: true, result: redactStrings(result) };
  } catch (error) {
    if (run.stopping()) return { ok: 'stopped' };
    return { ok: false, error: redactError(asError(error)) };
  } finally {
    timeout?.clear();
  }
}

/** Evaluates a forEach step's list and runs its items; items that succeeded before are not run again. */
async function runForEach(run: AttemptHost, slot: StepSlot): Promise<StepAttempt> {
  const step = slot.step;
  let items: unknown;
  try {
    items =
      typeof step.forEach === 'string'
        ? compileTemplateCached(step.forEach).evaluate(run.context)
        : step.forEach;
  } catch (error) {
    return { ok: false, error: asError(error) };
  }
  if (!Array.isArray(items)) {
    const error = new StepFailedError(
      `forEach of step '${step.key}' is not a list (got ${typeof items})`,
      step.key,
    );
    return { ok: false, error };
  }
  const done = new Map<string, unknown>();
  for (const row of await run.store.getSteps(run.executionId)) {
    if (row.key.startsWith(`${step.key}[`) && row.status === StepStatus.succeeded)
      done.set(row.key, row.output);
  }
  return runForEachItems({
    key: step.key,
    items,
    concurrency: step.concurrency ?? 1,
    done,
    runItem: (itemKey, item, index) => attemptOnce(run, slot, itemKey, { item, index }),
    record: async (type, itemKey, data) => {
      run.event(type, itemKey, slot.attempt, data);
      await run.flush();
    },
  });
}

function resolveTemplates(value: unknown, context: ExpressionContext): unknown {
  if (typeof value === 'string') return compileTemplateCached(value).evaluate(context);
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, context));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveTemplates(item, context)]),
    );
  }
  return value;
}
