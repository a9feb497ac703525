import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LoadedWorkflow, RequeuedExecution } from '../../workflows/index.js';
import { describeWorkflowEvent } from './describe-workflow-event.js';
import { executionUri } from './execution-report.js';
import type { McpServerContext } from './mcp-server-context.js';
import { progressReporter, type ToolRequest } from './progress-reporter.js';
import { runToolResult } from './run-tool-result.js';
import { toolResult } from './tool-result.js';

/**
 * run_workflow and resume_run when runs are dispatched: the run (already queued for `ax worker`
 * processes) is answered at once as queued, or, when the call waits, followed from the store's event
 * log with each step reported as progress. Cancelling a waiting call cancels the run (the worker
 * stops it, as for cancel_run), and the call ends with it.
 */
export async function followDispatchedRun(
  context: McpServerContext,
  run: RequeuedExecution,
  loaded: LoadedWorkflow | undefined,
  request: ToolRequest,
  wait: boolean | undefined,
): Promise<CallToolResult> {
  const { executionId } = run;
  const workflow = loaded?.definition.name ?? '';
  const uri = executionUri(executionId);
  if (!(wait ?? request._meta?.progressToken !== undefined)) {
    return toolResult(
      { executionId, workflow, state: run.state, uri },
      `queued ${executionId} for the workers; read ${uri} or call workflow_status for its progress`,
    );
  }
  const progress = progressReporter(request);
  progress.report(`execution ${executionId} queued for the workers`);
  const onCancel = () => {
    void context
      .control()
      .requestStop(executionId, 'cancel')
      .catch(() => {});
  };
  request.signal.addEventListener('abort', onCancel, { once: true });
  try {
    const state = await context.follow({
      executionId,
      workflow,
      afterSeq: run.seq,
      onEvent: (event) => {
        const line = describeWorkflowEvent(event);
        if (line) progress.report(line);
      },
    });
    await progress.flush();
    if (state === undefined)
      throw new Error(`the MCP server is closing; ${executionId} goes on in the workers (read ${uri})`);
    return runToolResult(executionId, await context.control().result(executionId));
  } finally {
    request.signal.removeEventListener('abort', onCancel);
  }
}
