import { AutomatosxError } from '../../errors/index.js';

/**
 * A tool refused or failed to do what the model asked. The runtime returns the message to the model as
 * the tool's result (so it can correct itself) and records it; it does not end the run.
 */
export class ToolError extends AutomatosxError {
  constructor(message: string, code = 'tool-failed', cause?: unknown) {
    super(message, { code, cause });
  }
}

/** A path or command would leave the workspace. */
export class SandboxViolationError extends ToolError {
  constructor(message: string) {
    super(message, 'sandbox-violation');
  }
}

/** The permission mode (or the person asked) did not allow the action. */
export class PermissionDeniedError extends ToolError {
  constructor(message: string) {
    super(message, 'permission-denied');
  }
}
