import { InvalidInputError } from '../errors/index.js';

/** One problem in a profile file, located for an editor: `file:line:column: path: message`. */
export interface ProfileIssue {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export function formatProfileIssue(issue: ProfileIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** A profile (or a set of profiles) is invalid; `issues` lists every problem found, not only the first. */
export class AgentProfileError extends InvalidInputError {
  readonly issues: readonly ProfileIssue[];

  constructor(issues: readonly ProfileIssue[]) {
    const lines = issues.map(formatProfileIssue);
    const head =
      issues.length === 1 ? 'invalid agent profile' : `${issues.length} problems in agent profiles`;
    super(`${head}:\n  ${lines.join('\n  ')}`, { code: 'agent-profile-invalid' });
    this.issues = issues;
  }
}

/** One line per profile the registry skipped, for commands to print on stderr before they work. */
export function skippedProfileWarnings(skipped: readonly ProfileIssue[]): string[] {
  return skipped.map(
    (issue) =>
      `warning: agent profile skipped (the other agents work; fix it and check with ax agent validate): ${formatProfileIssue(issue)}`,
  );
}

/** A name that is neither an agent nor an alias; carries the nearest names for "did you mean". */
export class UnknownAgentError extends InvalidInputError {
  constructor(
    readonly agent: string,
    readonly suggestions: readonly string[],
  ) {
    const hint =
      suggestions.length > 0
        ? `; did you mean ${suggestions.join(', ')}?`
        : '; run `ax agent list` to see the agents';
    super(`unknown agent "${agent}"${hint}`, { code: 'agent-unknown' });
  }
}
