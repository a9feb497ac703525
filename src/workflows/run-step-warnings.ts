import type { LoadedWorkflow } from './load-workflow-file.js';
import { locateIssues } from './parse-workflow.js';
import { isPosixShell, shellContexts } from './shell-script.js';
import { compileTemplateCached } from './template.js';
import type { WorkflowIssue } from './validate-workflow.js';
import type { ValidationIssue } from './workflow-validation-error.js';

/** Runs a value as code: `eval`, `sh -c`, `bash -c`, `source`. */
const runsAsCode = /(^|[\s;&|(`])(eval|source|(?:ba|da|z|k)?sh\s+-c)\s/;

/**
 * Forms of `run:` that can still turn a value into code, for `ax workflow validate`: expressions in a
 * script for a shell that is not POSIX (its text is pasted, not passed as a variable), in a quoted
 * here-document (not expanded at all), or handed to `eval` / `sh -c` (the script itself runs the value).
 */
export function runStepWarnings(loaded: LoadedWorkflow): ValidationIssue[] {
  const issues: WorkflowIssue[] = [];
  loaded.definition.steps.forEach((step, index) => {
    if (step.run === undefined) return;
    const spec = typeof step.run === 'string' ? { command: step.run } : step.run;
    const path = typeof step.run === 'string' ? ['steps', index, 'run'] : ['steps', index, 'run', 'command'];
    const template = compileTemplateCached(spec.command);
    if (template.isConstant) return;
    const first = template.expressions[0]!;
    if (spec.shell !== undefined && !isPosixShell(spec.shell)) {
      issues.push({
        path,
        offset: first.offset,
        message: `step '${step.key}': shell '${spec.shell}' is not a POSIX shell, so \${{ }} values are pasted into its script text and can run as code; pass them through 'env:' and read them from the environment`,
      });
      return;
    }
    const contexts = shellContexts(template);
    template.expressions.forEach((expression, at) => {
      const lineStart = spec.command.lastIndexOf('\n', expression.offset) + 1;
      const before = spec.command.slice(lineStart, expression.offset);
      if (contexts[at] === 'quoted-heredoc') {
        issues.push({
          path,
          offset: expression.offset,
          message: `step '${step.key}': this \${{ }} is inside a quoted here-document (<<'EOF'), where the shell expands nothing; use an unquoted delimiter (<<EOF)`,
        });
      } else if (runsAsCode.test(before)) {
        issues.push({
          path,
          offset: expression.offset,
          message: `step '${step.key}': this \${{ }} is handed to eval or sh -c, which runs its value as code; use the value as data instead`,
        });
      }
    });
  });
  const own = issues.length > 0 ? locateIssues(loaded.source, loaded.file, issues) : [];
  return [...own, ...[...loaded.subWorkflows.values()].flatMap(runStepWarnings)];
}
