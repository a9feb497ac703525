import type { PlannedAnswer } from './plan-answer.js';
import { asArray, asRecord, asString, type SimMessage, type SimRequest, textOf } from './sim-request.js';
import {
  type ErrorResponse,
  type RouteInfo,
  type SimError,
  type StreamFrame,
  simulatedContextWindow,
  splitTokens,
  type WireFormat,
} from './wire-format.js';

/** Gemini `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`. */
export const geminiFormat: WireFormat = {
  parse(body: Record<string, unknown>, route: RouteInfo): SimRequest {
    const messages: SimMessage[] = [];
    for (const raw of asArray(body.contents)) {
      const content = asRecord(raw);
      const role = content.role === 'model' ? 'assistant' : 'user';
      let text = '';
      const toolCalls: NonNullable<SimMessage['toolCalls']> = [];
      for (const rawPart of asArray(content.parts)) {
        const part = asRecord(rawPart);
        if (typeof part.text === 'string') text += part.text;
        else if (part.functionCall !== undefined) {
          const call = asRecord(part.functionCall);
          toolCalls.push({
            id: asString(call.id, asString(call.name)),
            name: asString(call.name),
            input: call.args,
          });
        } else if (part.functionResponse !== undefined) {
          const result = asRecord(part.functionResponse);
          messages.push({ role: 'tool', text: textOf(result.response), toolName: asString(result.name) });
        }
      }
      if (text.length > 0 || toolCalls.length > 0) {
        messages.push({ role, text, ...(toolCalls.length > 0 ? { toolCalls } : {}) });
      }
    }
    const tools = asArray(body.tools).flatMap((tool) =>
      asArray(asRecord(tool).functionDeclarations).map((declaration) => asString(asRecord(declaration).name)),
    );
    return {
      provider: route.provider,
      model: route.model ?? 'gemini-simulated',
      system: textOf(asRecord(body.systemInstruction).parts),
      messages,
      tools,
      stream: route.stream === true,
      includeUsage: true,
    };
  },

  json(plan: PlannedAnswer, request: SimRequest): unknown {
    return {
      ...envelope(plan, request),
      candidates: [{ ...candidate(plan, partsOf(plan)), finishReason: finishReason(plan) }],
    };
  },

  frames(plan: PlannedAnswer, request: SimRequest): StreamFrame[] {
    const { answer } = plan;
    const frames: StreamFrame[] = [];
    const chunk = (data: unknown, token = false): StreamFrame => ({
      data: JSON.stringify(data),
      ...(token ? { token } : {}),
    });
    if (answer.type === 'text' && !answer.refusal) {
      for (const piece of splitTokens(answer.text)) {
        frames.push(
          chunk(
            {
              candidates: [candidate(plan, [{ text: piece }])],
              responseId: responseId(plan),
              modelVersion: request.model,
            },
            true,
          ),
        );
      }
    } else if (answer.type === 'tool-call') {
      frames.push(
        chunk(
          {
            candidates: [candidate(plan, partsOf(plan))],
            responseId: responseId(plan),
            modelVersion: request.model,
          },
          true,
        ),
      );
    }
    // The terminal chunk carries the finish reason and usage, as Gemini's last chunk does.
    const last = answer.type === 'text' && answer.refusal ? candidate(plan, undefined) : candidate(plan, []);
    frames.push(
      chunk({ ...envelope(plan, request), candidates: [{ ...last, finishReason: finishReason(plan) }] }),
    );
    return frames;
  },

  error(error: SimError): ErrorResponse {
    const [code, status, message] = describe(error);
    const details: unknown[] = [];
    if (error.kind === 'rate-limit' && error.retryAfterSeconds !== undefined) {
      details.push({
        '@type': 'type.googleapis.com/google.rpc.RetryInfo',
        retryDelay: `${error.retryAfterSeconds}s`,
      });
    }
    if (error.kind === 'bad-key') {
      details.push({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
      });
    }
    return {
      status: code,
      body: {
        error: {
          code,
          message: `${message} (simulated)`,
          status,
          ...(details.length > 0 ? { details } : {}),
        },
      },
    };
  },
};

function describe(error: SimError): [number, string, string] {
  switch (error.kind) {
    case 'rate-limit':
      return [429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'];
    case 'server-error':
      return [500, 'INTERNAL', 'An internal error has occurred.'];
    case 'unavailable':
      return [503, 'UNAVAILABLE', 'The service is currently unavailable.'];
    case 'overloaded':
      return [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'];
    case 'context-length':
      return [
        400,
        'INVALID_ARGUMENT',
        `The input token count (${error.promptTokens ?? simulatedContextWindow + 1}) exceeds the maximum number of tokens allowed (${simulatedContextWindow}).`,
      ];
    case 'bad-key':
      return [401, 'UNAUTHENTICATED', 'API key not valid. Please pass a valid API key.'];
    case 'not-found':
      return [404, 'NOT_FOUND', error.detail ?? 'Not found.'];
    case 'invalid-request':
      return [400, 'INVALID_ARGUMENT', error.detail ?? 'Invalid request.'];
  }
}

function partsOf(plan: PlannedAnswer): unknown[] {
  const { answer } = plan;
  if (answer.type === 'tool-call')
    return [{ functionCall: { name: answer.call.name, args: answer.call.input ?? {} } }];
  return answer.refusal ? [] : [{ text: answer.text }];
}

function candidate(plan: PlannedAnswer, parts: unknown[] | undefined): Record<string, unknown> {
  const refused = plan.answer.type === 'text' && plan.answer.refusal;
  return {
    ...(parts === undefined || refused ? {} : { content: { role: 'model', parts } }),
    index: 0,
    ...(refused
      ? {
          safetyRatings: [
            { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
          ],
          finishMessage: plan.answer.type === 'text' ? plan.answer.text : undefined,
        }
      : {}),
  };
}

function finishReason(plan: PlannedAnswer): string {
  return plan.answer.type === 'text' && plan.answer.refusal ? 'SAFETY' : 'STOP';
}

function envelope(plan: PlannedAnswer, request: SimRequest): Record<string, unknown> {
  const { inputTokens, outputTokens } = plan.usage;
  return {
    usageMetadata: {
      promptTokenCount: inputTokens,
      candidatesTokenCount: outputTokens,
      totalTokenCount: inputTokens + outputTokens,
    },
    modelVersion: request.model,
    responseId: responseId(plan),
  };
}

function responseId(plan: PlannedAnswer): string {
  return `sim-${plan.digest.slice(0, 20)}`;
}
