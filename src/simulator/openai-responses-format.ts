import { openaiError } from './openai-error.js';
import type { PlannedAnswer } from './plan-answer.js';
import { asArray, asRecord, asString, type SimMessage, type SimRequest, textOf } from './sim-request.js';
import { type RouteInfo, type StreamFrame, splitJson, splitTokens, type WireFormat } from './wire-format.js';

/** How many output items are remembered for `item_reference` inputs (the SDK sends those when `store` is on). */
const rememberedItems = 1000;

/**
 * OpenAI Responses API (`POST /v1/responses`), which `@ai-sdk/openai`'s default `openai(model)` calls.
 * The SDK replays earlier assistant output as `item_reference` ids, so each instance remembers the items
 * it produced, like the real API's store.
 */
export function createOpenAIResponsesFormat(): WireFormat {
  const items = new Map<string, SimMessage>();
  const remember = (id: string, message: SimMessage): void => {
    items.set(id, message);
    if (items.size > rememberedItems) items.delete(items.keys().next().value!);
  };

  return {
    parse(body: Record<string, unknown>, route: RouteInfo): SimRequest {
      let system = asString(body.instructions);
      const messages: SimMessage[] = [];
      const input =
        typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : asArray(body.input);
      for (const raw of input) {
        const item = asRecord(raw);
        if (item.type === 'item_reference') {
          const known = items.get(asString(item.id));
          if (known) messages.push(known);
        } else if (item.type === 'function_call') {
          messages.push({
            role: 'assistant',
            text: '',
            toolCalls: [
              {
                id: asString(item.call_id),
                name: asString(item.name),
                input: parseArguments(item.arguments),
              },
            ],
          });
        } else if (item.type === 'function_call_output') {
          messages.push({ role: 'tool', text: textOf(item.output), toolCallId: asString(item.call_id) });
        } else if (item.role === 'system' || item.role === 'developer') {
          system += textOf(item.content);
        } else if (item.role === 'assistant') {
          messages.push({ role: 'assistant', text: textOf(item.content) });
        } else if (item.role === 'user') {
          messages.push({ role: 'user', text: textOf(item.content) });
        }
      }
      return {
        provider: route.provider,
        model: asString(body.model, 'gpt-simulated'),
        system,
        messages,
        tools: asArray(body.tools).map((tool) => asString(asRecord(tool).name)),
        stream: body.stream === true,
        includeUsage: true,
      };
    },

    json(plan: PlannedAnswer, request: SimRequest): unknown {
      const item = outputItem(plan, 'completed');
      remember(item.id, asMessage(plan));
      return {
        ...responseEnvelope(
          plan,
          request,
          plan.answer.type === 'text' && plan.answer.refusal ? 'incomplete' : 'completed',
        ),
        output: [item],
      };
    },

    frames(plan: PlannedAnswer, request: SimRequest): StreamFrame[] {
      const { answer } = plan;
      let sequence = 0;
      const frame = (type: string, data: Record<string, unknown>, token = false): StreamFrame => ({
        event: type,
        data: JSON.stringify({ type, sequence_number: sequence++, ...data }),
        ...(token ? { token } : {}),
      });
      const pending = responseEnvelope(plan, request, 'in_progress');
      const done = outputItem(plan, 'completed');
      remember(done.id, asMessage(plan));
      const frames: StreamFrame[] = [
        frame('response.created', { response: { ...pending, output: [] } }),
        frame('response.in_progress', { response: { ...pending, output: [] } }),
      ];
      if (answer.type === 'tool-call') {
        const args = JSON.stringify(answer.call.input ?? {});
        frames.push(
          frame('response.output_item.added', {
            output_index: 0,
            item: { ...done, arguments: '', status: 'in_progress' },
          }),
        );
        for (const piece of splitJson(args)) {
          frames.push(
            frame(
              'response.function_call_arguments.delta',
              { item_id: done.id, output_index: 0, delta: piece },
              true,
            ),
          );
        }
        frames.push(
          frame('response.function_call_arguments.done', {
            item_id: done.id,
            output_index: 0,
            arguments: args,
          }),
        );
      } else {
        const part = answer.refusal
          ? { type: 'refusal', refusal: '' }
          : { type: 'output_text', text: '', annotations: [] };
        const at = { item_id: done.id, output_index: 0, content_index: 0 };
        frames.push(
          frame('response.output_item.added', {
            output_index: 0,
            item: { ...done, status: 'in_progress', content: [] },
          }),
          frame('response.content_part.added', { ...at, part }),
        );
        const deltaType = answer.refusal ? 'response.refusal.delta' : 'response.output_text.delta';
        for (const piece of splitTokens(answer.text))
          frames.push(frame(deltaType, { ...at, delta: piece, logprobs: [] }, true));
        frames.push(
          answer.refusal
            ? frame('response.refusal.done', { ...at, refusal: answer.text })
            : frame('response.output_text.done', { ...at, text: answer.text, logprobs: [] }),
          frame('response.content_part.done', { ...at, part: contentOf(plan)[0] }),
        );
      }
      const refused = answer.type === 'text' && answer.refusal;
      frames.push(
        frame('response.output_item.done', { output_index: 0, item: done }),
        frame(refused ? 'response.incomplete' : 'response.completed', {
          response: {
            ...responseEnvelope(plan, request, refused ? 'incomplete' : 'completed'),
            output: [done],
          },
        }),
      );
      return frames;
    },

    error: openaiError,
  };
}

type OutputItem = { id: string } & Record<string, unknown>;

function outputItem(plan: PlannedAnswer, status: string): OutputItem {
  const { answer } = plan;
  if (answer.type === 'tool-call') {
    return {
      type: 'function_call',
      id: `fc_sim_${answer.call.id}`,
      call_id: `call_sim_${answer.call.id}`,
      name: answer.call.name,
      arguments: JSON.stringify(answer.call.input ?? {}),
      status,
    };
  }
  return {
    type: 'message',
    id: `msg_sim_${plan.digest.slice(0, 24)}`,
    status,
    role: 'assistant',
    content: contentOf(plan),
  };
}

function contentOf(plan: PlannedAnswer): Array<Record<string, unknown>> {
  const { answer } = plan;
  if (answer.type !== 'text') return [];
  return answer.refusal
    ? [{ type: 'refusal', refusal: answer.text }]
    : [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }];
}

function asMessage(plan: PlannedAnswer): SimMessage {
  const { answer } = plan;
  return answer.type === 'text'
    ? { role: 'assistant', text: answer.text }
    : { role: 'assistant', text: '', toolCalls: [{ ...answer.call, id: `call_sim_${answer.call.id}` }] };
}

function responseEnvelope(plan: PlannedAnswer, request: SimRequest, status: string): Record<string, unknown> {
  const { inputTokens, outputTokens } = plan.usage;
  const finished = status !== 'in_progress';
  return {
    id: `resp_sim_${plan.digest.slice(0, 24)}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: request.model,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'content_filter' } : null,
    usage: finished
      ? {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        }
      : null,
  };
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
