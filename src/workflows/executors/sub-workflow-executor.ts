import type { StepExecutionContext, StepExecutor, StepResult } from '../step-executor.js';
import { StepFailedError } from '../workflow-errors.js';

/** What the sub-workflow executor needs from the engine: run (or resume) a child execution to its end. */
export interface ChildRunner {
  runChild(
    context: StepExecutionContext,
    inputs: Record<string, unknown>,
  ): Promise<{
    state: string;
    error?: string;
    outputs: Record<string, unknown>;
  }>;
}

/**
 * Runs a `workflow:` step as a child execution in the same store. The child's id is derived from the
 * parent's id and the step key, so after a crash the same child is resumed, not started again.
 */
export function createSubWorkflowExecutor(runner: ChildRunner): StepExecutor {
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const inputs = context.resolve(context.step.with ?? {}) as Record<string, unknown>;
      const child = await runner.runChild(context, inputs);
      if (child.state === 'completed') return { output: child.outputs };
      if (context.signal.aborted) throw context.signal.reason;
      throw new StepFailedError(
        `sub-workflow of step '${context.key}' ended ${child.state}${child.error ? `: ${child.error}` : ''}`,
        context.key,
      );
    },
  };
}
