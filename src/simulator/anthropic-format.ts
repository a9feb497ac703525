import type { PlannedAnswer } from './plan-answer.js';
import { asArray, asRecord, asString, type SimMessage, type SimRequest, textOf } from './sim-request.js';
import {
  type ErrorResponse,
  type RouteInfo,
  type SimError,
  type StreamFrame,
  simulatedContextWindow,
  splitJson,
  splitTokens,
  type WireFormat,
} from './wire-format.js';

/** Anthropic Messages API: `POST /v1/messages`, JSON or SSE (`message_start` … `message_stop`). */
export const anthropicFormat: WireFormat = {
  parse(body: Record<string, unknown>, route: RouteInfo): SimRequest {
    const messages: SimMessage[] = [];
    for (const raw of asArray(body.messages)) {
      const message = asRecord(raw);
      const role = message.role === 'assistant' ? 'assistant' : 'user';
      if (typeof message.content === 'string') {
        messages.push({ role, text: message.content });
        continue;
      }
      let text = '';
      const toolCalls: NonNullable<SimMessage['toolCalls']> = [];
      for (const rawBlock of asArray(message.content)) {
        const block = asRecord(rawBlock);
        if (block.type === 'text') text += asString(block.text);
        else if (block.type === 'tool_use') {
          toolCalls.push({ id: asString(block.id), name: asString(block.name), input: block.input });
        } else if (block.type === 'tool_result') {
          messages.push({
            role: 'tool',
            text: textOf(block.content),
            toolCallId: asString(block.tool_use_id),
          });
        }
      }
      if (text.length > 0 || toolCalls.length > 0) {
        messages.push({ role, text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      }
    }
    return {
      provider: route.provider,
      model: asString(body.model, 'claude-simulated'),
      system: textOf(body.system),
      messages,
      tools: asArray(body.tools).map((tool) => asString(asRecord(tool).name)),
      stream: body.stream === true,
      includeUsage: true,
    };
  },

  json(plan: PlannedAnswer, request: SimRequest): unknown {
    const { answer, usage } = plan;
    return {
      id: `msg_sim_${plan.digest.slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content:
        answer.type === 'text'
          ? [{ type: 'text', text: answer.text }]
          : [
              {
                type: 'tool_use',
                id: toolUseId(answer.call.id),
                name: answer.call.name,
                input: answer.call.input,
              },
            ],
      stop_reason: stopReason(plan),
      stop_sequence: null,
      usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
    };
  },

  frames(plan: PlannedAnswer, request: SimRequest): StreamFrame[] {
    const { answer, usage } = plan;
    const frames: StreamFrame[] = [
      event('message_start', {
        type: 'message_start',
        message: {
          id: `msg_sim_${plan.digest.slice(0, 24)}`,
          type: 'message',
          role: 'assistant',
          model: request.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: 1 },
        },
      }),
    ];
    if (answer.type === 'text') {
      frames.push(
        event('content_block_start', {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'text', text: '' },
        }),
        event('ping', { type: 'ping' }),
      );
      for (const piece of splitTokens(answer.text)) {
        frames.push({
          ...event('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: piece },
          }),
          token: true,
        });
      }
    } else {
      frames.push(
        event('content_block_start', {
          type: 'content_block_start',
          index: 0,
          content_block: {
            type: 'tool_use',
            id: toolUseId(answer.call.id),
            name: answer.call.name,
            input: {},
          },
        }),
      );
      for (const piece of splitJson(JSON.stringify(answer.call.input ?? {}))) {
        frames.push({
          ...event('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'input_json_delta', partial_json: piece },
          }),
          token: true,
        });
      }
    }
    frames.push(
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason(plan), stop_sequence: null },
        usage: { output_tokens: usage.outputTokens },
      }),
      event('message_stop', { type: 'message_stop' }),
    );
    return frames;
  },

  error(error: SimError): ErrorResponse {
    const [status, type, message] = describe(error);
    return { status, body: { type: 'error', error: { type, message: `${message} (simulated)` } } };
  },
};

function describe(error: SimError): [number, string, string] {
  switch (error.kind) {
    case 'rate-limit':
      return [429, 'rate_limit_error', 'Number of requests has exceeded your rate limit.'];
    case 'server-error':
      return [500, 'api_error', 'Internal server error.'];
    case 'unavailable':
      return [503, 'api_error', 'Service temporarily unavailable.'];
    case 'overloaded':
      return [529, 'overloaded_error', 'Overloaded.'];
    case 'context-length':
      return [
        400,
        'invalid_request_error',
        `prompt is too long: ${error.promptTokens ?? simulatedContextWindow + 1} tokens > ${simulatedContextWindow} maximum`,
      ];
    case 'bad-key':
      return [401, 'authentication_error', 'invalid x-api-key'];
    case 'not-found':
      return [404, 'not_found_error', error.detail ?? 'Not found.'];
    case 'invalid-request':
      return [400, 'invalid_request_error', error.detail ?? 'Invalid request.'];
  }
}

function stopReason(plan: PlannedAnswer): string {
  if (plan.answer.type === 'tool-call') return 'tool_use';
  return plan.answer.refusal ? 'refusal' : 'end_turn';
}

function toolUseId(id: string): string {
  return `toolu_sim_${id}`;
}

function event(name: string, data: unknown): StreamFrame {
  return { event: name, data: JSON.stringify(data) };
}
