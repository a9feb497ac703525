import { InvalidInputError } from '../errors/index.js';

/** One problem in a workflow file, located the way an editor shows it (1-based line and column). */
export interface ValidationIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the document the problem is, e.g. `['steps', 2, 'dependsOn', 0]`. */
  path: (string | number)[];
  message: string;
}

/** Formats one issue as `file:line:column: message`, the form terminals and editors turn into links. */
export function formatValidationIssue(issue: ValidationIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/**
 * A workflow file that cannot run. Carries every problem found, not just the first, so a person fixes
 * the file in one pass. The CLI maps it to exit code 2, and the engine stores nothing.
 */
export class WorkflowValidationError extends InvalidInputError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], options: { cause?: unknown } = {}) {
    const file = issues[0]?.file ?? 'workflow';
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map((issue) => `  ${formatValidationIssue(issue)}`);
    super(`${file} is not a valid workflow (${count}):\n${lines.join('\n')}`, {
      code: 'workflow-invalid',
      cause: options.cause,
    });
    this.issues = issues;
  }
}
