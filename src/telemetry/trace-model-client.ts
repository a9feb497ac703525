import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@opentelemetry/semantic-conventions/incubating';
import type {
  ModelCallOptions,
  ModelClient,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ProviderRouter,
} from '../providers/index.js';

/** `gen_ai.system` of a model: the vendor whose API it speaks (simulated twins speak the same). */
export function genAiSystemOf(model: string): string {
  if (/^claude/i.test(model)) return 'anthropic';
  if (/^gemini/i.test(model)) return 'gcp.gemini';
  if (/^(gpt|o\d|chatgpt)/i.test(model)) return 'openai';
  return '_OTHER';
}

/**
 * The provider layer in traces: each call of the client (an agent turn) is a `chat <model>` span with
 * the GenAI semantic-convention attributes; each provider attempt the router makes is a child span;
 * retries, failovers and breaker changes are events on the turn's span.
 */
export function traceModelClient(client: ModelClient, router: ProviderRouter, tracer: Tracer): ModelClient {
  const attempts = new Map<string, Span>();
  const attemptKey = (requestId: string, provider: string, attempt: number) =>
    `${requestId}:${provider}:${attempt}`;
  router.on('attempt', (event) => {
    const span = tracer.startSpan(`attempt ${event.provider}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_SYSTEM]: genAiSystemOf(event.model),
        [ATTR_GEN_AI_REQUEST_MODEL]: event.model,
        'automatosx.provider': event.provider,
        'automatosx.attempt': event.attempt,
      },
    });
    attempts.set(attemptKey(event.requestId, event.provider, event.attempt), span);
  });
  router.on('success', (event) => {
    const key = attemptKey(event.requestId, event.provider, event.attempt);
    const span = attempts.get(key);
    attempts.delete(key);
    span?.setAttributes({
      [ATTR_GEN_AI_RESPONSE_MODEL]: event.model,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: event.usage.inputTokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: event.usage.outputTokens,
      'automatosx.cost_usd': event.costUsd,
      'automatosx.simulated': event.simulated,
    });
    span?.end();
  });
  router.on('error', (event) => {
    const key = attemptKey(event.requestId, event.provider, event.attempt);
    const span = attempts.get(key);
    attempts.delete(key);
    span?.setAttributes({ 'error.type': event.error.code, 'automatosx.next': event.next });
    span?.setStatus({ code: SpanStatusCode.ERROR, message: event.error.message });
    span?.end();
    if (event.next === 'retry')
      trace.getActiveSpan()?.addEvent('retry', {
        'automatosx.provider': event.provider,
        'error.type': event.error.code,
        'automatosx.delay_ms': event.delayMs ?? 0,
      });
  });
  router.on('fallback', (event) =>
    trace.getActiveSpan()?.addEvent('failover', {
      'automatosx.from': event.from,
      'automatosx.to': event.to,
      'automatosx.reason': event.reason,
    }),
  );
  for (const type of ['circuit-open', 'circuit-half-open', 'circuit-close'] as const) {
    router.on(type, (event) =>
      trace.getActiveSpan()?.addEvent(`breaker ${type.slice('circuit-'.length)}`, {
        'automatosx.provider': event.provider,
      }),
    );
  }

  const startTurn = (request: ModelRequest, stream: boolean): Span => {
    const model = request.model ?? 'default';
    const span = tracer.startSpan(`chat ${model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_REQUEST_MODEL]: model,
        'gen_ai.request.stream': stream,
        ...(request.maxTokens === undefined ? {} : { [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: request.maxTokens }),
        ...(request.temperature === undefined
          ? {}
          : { [ATTR_GEN_AI_REQUEST_TEMPERATURE]: request.temperature }),
      },
    });
    return span;
  };
  const finish = (span: Span, response: ModelResponse) => {
    span.setAttributes({
      [ATTR_GEN_AI_SYSTEM]: genAiSystemOf(response.model),
      [ATTR_GEN_AI_RESPONSE_MODEL]: response.model,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: response.usage.inputTokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: response.usage.outputTokens,
      'automatosx.provider': response.provider,
      'automatosx.cost_usd': response.costUsd,
      'automatosx.simulated': response.simulated,
    });
    span.end();
  };
  const fail = (span: Span, error: unknown) => {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    span.end();
  };

  return {
    async generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
      const span = startTurn(request, false);
      try {
        const response = await context.with(trace.setSpan(context.active(), span), () =>
          client.generate(request, options),
        );
        finish(span, response);
        return response;
      } catch (error) {
        fail(span, error);
        throw error;
      }
    },
    async *stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamEvent> {
      const span = startTurn(request, true);
      const active = trace.setSpan(context.active(), span);
      const iterator = context.with(active, () => client.stream(request, options)[Symbol.asyncIterator]());
      try {
        for (;;) {
          const next = await context.with(active, () => iterator.next());
          if (next.done) break;
          if (next.value.type === 'finish') finish(span, next.value.response);
          yield next.value;
        }
        if (span.isRecording()) span.end();
      } catch (error) {
        fail(span, error);
        throw error;
      }
    },
  };
}
