import type { WorkflowEvent } from '../../workflows/index.js';

/** The progress line a waiting MCP call reports for a run's event, or undefined for events it skips. */
export function describeWorkflowEvent(event: WorkflowEvent): string | undefined {
  switch (event.type) {
    case 'step-succeeded':
      return `step ${event.key} succeeded`;
    case 'step-failed':
      return `step ${event.key} failed: ${event.error}${event.willRetry ? ' (will retry)' : ''}`;
    case 'step-skipped':
      return `step ${event.key} skipped`;
    case 'approval-requested':
      return `step ${event.key} waits for approval: ${event.message}`;
    case 'run-state':
      return `run ${event.state}`;
    default:
      return undefined;
  }
}
