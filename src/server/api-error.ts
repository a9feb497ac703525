import type { ZodError } from 'zod';
import { AutomatosxError, ErrorKind } from '../errors/index.js';
import { WorkflowValidationError } from '../workflows/index.js';

/** An HTTP answer other than success: status, stable `code`, a message, and where the problem is. */
export class ApiError extends AutomatosxError {
  readonly status: 400 | 401 | 403 | 404 | 409 | 500 | 503;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: ApiError['status'], code: string, message: string, details?: Record<string, unknown>) {
    super(message, { code, kind: status < 500 ? ErrorKind.invalidInput : ErrorKind.failed });
    this.status = status;
    this.details = details;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: unknown[]; [key: string]: unknown };
}

/** The 400 for a request body, query or path that does not match its schema, with each field's path. */
export function invalidRequest(error: ZodError, where: 'body' | 'query' | 'path'): ApiError {
  const issues = error.issues.map((issue) => ({
    path: [where, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    message: issue.message,
  }));
  const first = issues[0];
  return new ApiError(
    400,
    'invalid-request',
    first ? `${first.path.join('.')}: ${first.message}` : `invalid ${where}`,
    { issues },
  );
}

/**
 * Maps any error to a JSON answer. Known errors keep their code and message (the CLI prints the same
 * text); validation errors carry file:line:column issues; anything else is a 500 without a stack trace.
 */
export function toErrorResponse(error: unknown): { status: ApiError['status']; body: ErrorBody } {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...error.details } },
    };
  }
  if (error instanceof WorkflowValidationError) {
    return {
      status: 400,
      body: { error: { code: error.code, message: error.message, issues: error.issues } },
    };
  }
  if (AutomatosxError.isInstance(error)) {
    const status = statusOfCode(error.code) ?? (error.kind === ErrorKind.invalidInput ? 400 : 500);
    return { status, body: { error: { code: error.code, message: error.message } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error; see the server log' } },
  };
}

function statusOfCode(code: string): ApiError['status'] | undefined {
  switch (code) {
    case 'execution-leased':
    case 'execution-not-resumable':
      return 409;
    case 'agent-unknown':
    case 'unknown-agent':
    case 'execution-unknown':
      return 404;
    case 'approver-not-allowed':
      return 403;
    default:
      return undefined;
  }
}
