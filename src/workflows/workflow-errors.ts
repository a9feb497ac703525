import { AutomatosxError, InvalidInputError } from '../errors/index.js';

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
