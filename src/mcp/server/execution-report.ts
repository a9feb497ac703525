import { InvalidInputError } from '../../errors/index.js';
import { totalUsage } from '../../workflows/index.js';
import type { McpServerContext } from './mcp-server-context.js';

/** `automatosx://executions/{id}`: where an execution's report can be read. */
export function executionUri(executionId: string): string {
  return `automatosx://executions/${encodeURIComponent(executionId)}`;
}

/**
 * An execution as `ax workflow status --json` reports it, for `workflow_status` and the execution
 * resource: state, each step's status and output, model usage, and the last events.
 */
export async function executionReport(context: McpServerContext, id: string) {
  const executionId = await context.control().resolveExecutionId(id);
  const execution = await context.store.getExecution(executionId);
  if (!execution) {
    throw new InvalidInputError(`no execution '${id}' in ${context.databasePath}`, {
      code: 'execution-unknown',
    });
  }
  const steps = await context.store.getSteps(executionId);
  const events = await context.store.getEvents(executionId);
  return {
    executionId,
    workflow: execution.workflowName,
    file: execution.file,
    state: execution.state,
    ...(execution.error === undefined ? {} : { error: execution.error }),
    startedAt: new Date(execution.startedAt).toISOString(),
    ...(execution.completedAt === undefined
      ? {}
      : { completedAt: new Date(execution.completedAt).toISOString() }),
    resumeCount: execution.resumeCount,
    steps: steps.map((step) => ({
      key: step.key,
      status: step.status,
      attempt: step.attempt,
      ...(step.output === undefined || step.output === null ? {} : { output: step.output }),
      ...(step.error === undefined ? {} : { error: step.error }),
    })),
    usage: totalUsage(steps),
    events: events.slice(-20).map((event) => ({
      seq: event.seq,
      type: event.type,
      at: new Date(event.at).toISOString(),
      ...(event.stepKey === undefined ? {} : { step: event.stepKey }),
    })),
    uri: executionUri(executionId),
  };
}
