import type { ModelMessage } from 'ai';
import { redactingModelClient } from '../../agents/index.js';
import { describeRouterEvent, type ModelClient, type ModelResponse } from '../../providers/index.js';
import {
  checkAnswer,
  describeOutputIssues,
  outputInstruction,
  outputRequestOf,
  outputSpecOf,
  repairRequest,
} from '../../structured-output/index.js';
import type { StepExecutionContext, StepExecutor, StepResult, StepUsage } from '../step-executor.js';
import { StepFailedError, StepOutputSchemaError } from '../workflow-errors.js';
import { outputOption } from './agent-step-executor.js';
import { recordProviderEvent } from './record-provider-event.js';

/**
 * Sends a `prompt` step straight to a model through the provider router, without an agent. With
 * `output:` the answer is a JSON value checked against the schema: one repair request on a mismatch,
 * then `StepOutputSchemaError` listing the paths that still do not match.
 */
export function createPromptStepExecutor(router: ModelClient): StepExecutor {
  const client = redactingModelClient(router);
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const { step } = context;
      const spec = step.output === undefined ? undefined : outputSpecOf(outputOption(step.output, step.key));
      const messages: ModelMessage[] = [];
      if (spec !== undefined) messages.push({ role: 'system', content: outputInstruction(spec) });
      messages.push({ role: 'user', content: context.render(step.prompt ?? '') });
      const ask = async (): Promise<ModelResponse> => {
        const response = await client.generate(
          {
            messages,
            ...(step.provider === undefined ? {} : { provider: context.render(step.provider) }),
            ...(step.model === undefined ? {} : { model: context.render(step.model) }),
            ...(spec === undefined ? {} : { output: outputRequestOf(spec) }),
            runId: context.executionId,
          },
          {
            signal: context.signal,
            onEvent: (event) => {
              const text = describeRouterEvent(event);
              if (text !== undefined) recordProviderEvent(context, event, text);
            },
          },
        );
        if (response.finishReason === 'content-filter') {
          throw new StepFailedError(`the model refused step '${context.key}' (content filter)`, context.key);
        }
        for (const line of response.text.split('\n')) if (line.trim() !== '') context.log(line);
        return response;
      };
      const first = await ask();
      if (spec === undefined) return { output: first.text, usage: usageOf([first]) };
      let last = first;
      let check = checkAnswer(spec, first.text);
      if (!check.ok) {
        context.log(
          `the answer does not match the output schema (${describeOutputIssues(check.issues)}); asking once to repair it`,
        );
        await context.record('output_repair', { issues: check.issues });
        messages.push({ role: 'assistant', content: first.text });
        messages.push({ role: 'user', content: repairRequest(check.issues) });
        last = await ask();
        check = checkAnswer(spec, last.text);
        if (!check.ok) throw new StepOutputSchemaError(context.key, check.issues, last.text);
      }
      return { output: check.value, usage: usageOf(last === first ? [first] : [first, last]) };
    },
  };
}

/** Usage of the step's model calls, summed; provider and model of the last one. */
function usageOf(responses: readonly ModelResponse[]): StepUsage {
  const last = responses.at(-1)!;
  return {
    provider: last.provider,
    model: last.model,
    inputTokens: responses.reduce((sum, response) => sum + response.usage.inputTokens, 0),
    outputTokens: responses.reduce((sum, response) => sum + response.usage.outputTokens, 0),
    costUsd: responses.reduce((sum, response) => sum + response.costUsd, 0),
    simulated: responses.some((response) => response.simulated),
  };
}
