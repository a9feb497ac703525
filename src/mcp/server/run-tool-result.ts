import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RunResult } from '../../workflows/index.js';
import { executionUri } from './execution-report.js';
import { toolResult } from './tool-result.js';

/** What run_workflow and resume_run answer once the run has ended, wherever it ran. */
export function runToolResult(executionId: string, result: RunResult): CallToolResult {
  return toolResult(
    {
      executionId,
      workflow: result.workflow,
      state: result.state,
      uri: executionUri(executionId),
      summary: result.summary,
      ...(result.error === undefined ? {} : { error: result.error }),
    },
    `${result.workflow} ${executionId}: ${result.state} — ${result.summary.stepsCompleted} succeeded, ${result.summary.stepsFailed} failed, ${result.summary.stepsSkipped} skipped`,
  );
}
