import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowStore } from '../../store/index.js';
import type { StepExecutionContext, StepExecutor, StepResult } from '../step-executor.js';
import { StepFailedError } from '../workflow-errors.js';
import type { WorkflowEvent } from '../workflow-events.js';

export interface ApprovalExecutorOptions {
  store: WorkflowStore;
  emit: (event: WorkflowEvent) => void;
  pollIntervalMs: number;
}

/**
 * Waits until a person decides with `ax workflow approve <execution> <step>` (or `--reject`). The
 * decision is a row in the store, so it may come from any process, before or after a crash.
 */
export function createApprovalExecutor(options: ApprovalExecutorOptions): StepExecutor {
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const approval = context.step.approval;
      const message =
        typeof approval === 'string'
          ? context.render(approval)
          : typeof approval === 'object'
            ? context.render(approval.message)
            : `approve step '${context.key}'`;
      let announced = false;
      for (;;) {
        const decision = await options.store.getApproval(context.executionId, context.key);
        if (decision) {
          if (decision.decision === 'rejected') {
            const why = decision.comment ? `: ${decision.comment}` : '';
            throw new StepFailedError(
              `step '${context.key}' was rejected by ${decision.by}${why}`,
              context.key,
              {
                code: 'approval-rejected',
              },
            );
          }
          return { output: { approved: true, by: decision.by, comment: decision.comment ?? null } };
        }
        if (!announced) {
          announced = true;
          options.emit({
            type: 'approval-requested',
            executionId: context.executionId,
            key: context.key,
            message,
          });
          context.log(
            `waiting for approval: ${message} — ax workflow approve ${context.executionId} ${context.key}`,
          );
        }
        await sleep(options.pollIntervalMs, undefined, { signal: context.signal });
      }
    },
  };
}
