/** One place where an answer does not match its schema: a JSON Pointer (`/files/0/path`, `` for the root). */
export interface OutputIssue {
  path: string;
  message: string;
}

/** `/files/0/path` from `['files', 0, 'path']`, escaping `~` and `/` as JSON Pointer requires. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/** The issues as lines a person (or a model asked to repair its answer) can act on. */
export function describeOutputIssues(issues: readonly OutputIssue[]): string {
  return issues.map((issue) => `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`).join('; ');
}
