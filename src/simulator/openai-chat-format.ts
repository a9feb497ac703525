import { openaiError } from './openai-error.js';
import type { PlannedAnswer } from './plan-answer.js';
import { asArray, asRecord, asString, type SimMessage, type SimRequest, textOf } from './sim-request.js';
import { type RouteInfo, type StreamFrame, splitJson, splitTokens, type WireFormat } from './wire-format.js';

/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`), also served under `/compat/<name>/v1` for
 * OpenAI-compatible servers. Streams are `data:` chunks ended by `data: [DONE]`.
 */
export const openaiChatFormat: WireFormat = {
  parse(body: Record<string, unknown>, route: RouteInfo): SimRequest {
    let system = '';
    const messages: SimMessage[] = [];
    for (const raw of asArray(body.messages)) {
      const message = asRecord(raw);
      const text = textOf(message.content);
      if (message.role === 'system' || message.role === 'developer') system += text;
      else if (message.role === 'tool') {
        messages.push({ role: 'tool', text, toolCallId: asString(message.tool_call_id) });
      } else if (message.role === 'assistant') {
        const toolCalls = asArray(message.tool_calls).map((rawCall) => {
          const call = asRecord(rawCall);
          const fn = asRecord(call.function);
          return { id: asString(call.id), name: asString(fn.name), input: parseArguments(fn.arguments) };
        });
        messages.push({ role: 'assistant', text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      } else messages.push({ role: 'user', text });
    }
    return {
      provider: route.provider,
      model: asString(body.model, 'gpt-simulated'),
      system,
      messages,
      tools: asArray(body.tools).map((tool) => asString(asRecord(asRecord(tool).function).name)),
      stream: body.stream === true,
      includeUsage: asRecord(body.stream_options).include_usage === true,
    };
  },

  json(plan: PlannedAnswer, request: SimRequest): unknown {
    const { answer } = plan;
    const message =
      answer.type === 'tool-call'
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: callId(answer.call.id),
                type: 'function',
                function: { name: answer.call.name, arguments: JSON.stringify(answer.call.input ?? {}) },
              },
            ],
          }
        : answer.refusal
          ? { role: 'assistant', content: null, refusal: answer.text }
          : { role: 'assistant', content: answer.text };
    return {
      id: completionId(plan),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(plan) }],
      usage: usageOf(plan),
      system_fingerprint: 'fp_simulated',
    };
  },

  frames(plan: PlannedAnswer, request: SimRequest): StreamFrame[] {
    const { answer } = plan;
    const base = {
      id: completionId(plan),
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      system_fingerprint: 'fp_simulated',
    };
    const chunk = (delta: unknown, finish: string | null = null, token = false): StreamFrame => ({
      data: JSON.stringify({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      }),
      ...(token ? { token } : {}),
    });
    const frames: StreamFrame[] = [chunk({ role: 'assistant', content: '' })];
    if (answer.type === 'text') {
      const field = answer.refusal ? 'refusal' : 'content';
      for (const piece of splitTokens(answer.text)) frames.push(chunk({ [field]: piece }, null, true));
    } else {
      frames.push(
        chunk({
          tool_calls: [
            {
              index: 0,
              id: callId(answer.call.id),
              type: 'function',
              function: { name: answer.call.name, arguments: '' },
            },
          ],
        }),
      );
      for (const piece of splitJson(JSON.stringify(answer.call.input ?? {}))) {
        frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null, true));
      }
    }
    frames.push(chunk({}, finishReason(plan)));
    if (request.includeUsage)
      frames.push({ data: JSON.stringify({ ...base, choices: [], usage: usageOf(plan) }) });
    frames.push({ data: '[DONE]' });
    return frames;
  },

  error: openaiError,
};

function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function finishReason(plan: PlannedAnswer): string {
  if (plan.answer.type === 'tool-call') return 'tool_calls';
  return plan.answer.refusal ? 'content_filter' : 'stop';
}

function usageOf(plan: PlannedAnswer): Record<string, number> {
  const { inputTokens, outputTokens } = plan.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
  };
}

function completionId(plan: PlannedAnswer): string {
  return `chatcmpl-sim${plan.digest.slice(0, 24)}`;
}

function callId(id: string): string {
  return `call_sim_${id}`;
}
