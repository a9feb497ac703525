import type { ModelClient } from '../../providers/index.js';
import type { StepExecutionContext, StepExecutor, StepResult } from '../step-executor.js';
import { StepFailedError } from '../workflow-errors.js';

/** Sends a `prompt` step straight to a model through the provider router, without an agent. */
export function createPromptStepExecutor(client: ModelClient): StepExecutor {
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const { step } = context;
      const response = await client.generate(
        {
          messages: [{ role: 'user', content: context.render(step.prompt ?? '') }],
          ...(step.provider === undefined ? {} : { provider: context.render(step.provider) }),
          ...(step.model === undefined ? {} : { model: context.render(step.model) }),
          runId: context.executionId,
        },
        { signal: context.signal },
      );
      if (response.finishReason === 'content-filter') {
        throw new StepFailedError(`the model refused step '${context.key}' (content filter)`, context.key);
      }
      for (const line of response.text.split('\n')) if (line.trim() !== '') context.log(line);
      return {
        output: response.text,
        usage: {
          provider: response.provider,
          model: response.model,
          inputTokens: response.usage.inputTokens,
          outputTokens: response.usage.outputTokens,
          costUsd: response.costUsd,
          simulated: response.simulated,
        },
      };
    },
  };
}
