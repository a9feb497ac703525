import { AutomatosxError, InvalidInputError } from '../errors/index.js';
import { describeOutputIssues, type OutputIssue } from '../structured-output/index.js';

/** A thrown value as an Error: executors and expressions may throw anything. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A step that did not succeed: a non-zero exit, a rejection, an executor error. */
export class StepFailedError extends AutomatosxError {
  constructor(
    message: string,
    readonly stepKey: string,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(message, { code: options.code ?? 'step-failed', cause: options.cause });
  }
}

export class StepTimeoutError extends StepFailedError {
  constructor(stepKey: string, timeoutMs: number) {
    super(`step '${stepKey}' timed out after ${timeoutMs} ms`, stepKey, { code: 'step-timeout' });
  }
}

/**
 * An agent or prompt step's answer did not match its `output.schema`, also after the one repair
 * request. `issues` lists each path that did not match; `answer` is the model's last text.
 */
export class StepOutputSchemaError extends StepFailedError {
  constructor(
    stepKey: string,
    readonly issues: readonly OutputIssue[],
    readonly answer: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `step '${stepKey}': the answer does not match the output schema after one repair: ${describeOutputIssues(issues)}`,
      stepKey,
      { code: 'step-output-schema', cause: options.cause },
    );
  }
}

/** The run cannot be taken: unknown id, already finished, or held by another live process. */
export class ExecutionNotResumableError extends InvalidInputError {
  constructor(message: string) {
    super(message, { code: 'execution-not-resumable' });
  }
}

export class ExecutionLeasedError extends AutomatosxError {
  constructor(executionId: string, holder: { pid: number; host: string }) {
    super(
      `execution ${executionId} is being run by process ${holder.pid} on ${holder.host}; ` +
        `pause or cancel it with 'ax workflow pause ${executionId}' before resuming it here`,
      { code: 'execution-leased' },
    );
  }
}
