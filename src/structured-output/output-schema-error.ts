import { AutomatosxError } from '../errors/index.js';
import { describeOutputIssues, type OutputIssue } from './output-issue.js';

/**
 * A model's structured answer did not match the requested schema, also after one repair request.
 * `issues` lists each path that did not match; `answer` is the last text the model gave.
 */
export class OutputSchemaError extends AutomatosxError {
  readonly issues: readonly OutputIssue[];
  readonly answer: string;

  constructor(
    message: string,
    details: { issues: readonly OutputIssue[]; answer: string; code?: string; cause?: unknown },
  ) {
    super(`${message}: ${describeOutputIssues(details.issues)}`, {
      code: details.code ?? 'output-schema-mismatch',
      cause: details.cause,
    });
    this.issues = details.issues;
    this.answer = details.answer;
  }

  static override isInstance(value: unknown): value is OutputSchemaError {
    return (
      AutomatosxError.isInstance(value) &&
      Array.isArray((value as { issues?: unknown }).issues) &&
      typeof (value as { answer?: unknown }).answer === 'string'
    );
  }
}
