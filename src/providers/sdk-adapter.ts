import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type FinishReason, generateText, type LanguageModel, type ModelMessage, streamText } from 'ai';
import type { ModelFinishReason, ModelToolCall, TokenUsage } from './model-client.js';
import type {
  AdapterCall,
  AdapterResult,
  AdapterStreamPart,
  HealthCheckResult,
  ProviderAdapter,
} from './provider-adapter.js';
import { ContentFilterError, StreamInterruptedError } from './provider-errors.js';

export type SdkAdapterKind = 'anthropic' | 'google' | 'openai' | 'openai-compatible';

export interface SdkAdapterOptions {
  name: string;
  kind: SdkAdapterKind;
  defaultModel: string;
  /** Never logged or printed; sent only in the provider's auth header. */
  apiKey: string | undefined;
  /** The provider's API root; default the vendor's public endpoint. Required for openai-compatible. */
  baseURL?: string;
  /** Set for entries that point at the built-in simulator, so every answer is labelled as simulated. */
  simulated?: boolean;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

const defaultBaseURL: Record<SdkAdapterKind, string> = {
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
  openai: 'https://api.openai.com/v1',
  'openai-compatible': '',
};

/**
 * A provider entry backed by a Vercel AI SDK provider package. Exactly one try per call: the SDK's own
 * retries are off (`maxRetries: 0`) because the router owns retrying. Errors are rethrown as the SDK
 * raised them; the router maps them to typed errors with this entry's name.
 */
export function createSdkAdapter(options: SdkAdapterOptions): ProviderAdapter {
  const baseURL = options.baseURL ?? defaultBaseURL[options.kind];
  const models = new Map<string, LanguageModel>();
  const factory = modelFactory(options, baseURL);
  const modelFor = (id: string) => {
    let model = models.get(id);
    if (!model) {
      model = factory(id);
      models.set(id, model);
    }
    return model;
  };
  const settings = (call: AdapterCall) => {
    const { instructions, messages } = splitInstructions(call.messages);
    return {
      model: modelFor(call.model),
      messages,
      ...(instructions === undefined ? {} : { instructions }),
      ...(call.tools === undefined ? {} : { tools: call.tools }),
      ...(call.toolChoice === undefined ? {} : { toolChoice: call.toolChoice }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      ...(call.maxTokens === undefined ? {} : { maxOutputTokens: call.maxTokens }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      maxRetries: 0,
      abortSignal: call.signal,
    };
  };
  return {
    name: options.name,
    kind: options.kind,
    defaultModel: options.defaultModel,
    simulated: options.simulated ?? false,

    async generate(call: AdapterCall): Promise<AdapterResult> {
      const result = await generateText(settings(call));
      const finishReason = finishReasonOf(result.finishReason);
      if (finishReason === 'content-filter') throw refused(options.name);
      return {
        text: result.text,
        toolCalls: result.toolCalls.map(toolCallOf),
        finishReason,
        usage: usageOf(result.usage),
        simulated: isSimulatedAnswer(result.response.headers),
      };
    },

    async *stream(call: AdapterCall): AsyncIterable<AdapterStreamPart> {
      const result = streamText({ ...settings(call), onError: () => {} });
      let text = '';
      for await (const part of result.stream) {
        if (part.type === 'text-delta') {
          if (part.text.length === 0) continue;
          text += part.text;
          yield { type: 'text-delta', text: part.text };
        } else if (part.type === 'tool-call') {
          yield { type: 'tool-call', toolCall: toolCallOf(part) };
        } else if (part.type === 'error') {
          throw part.error;
        } else if (part.type === 'abort') {
          throw call.signal.reason ?? new Error('stream aborted');
        } else if (part.type === 'finish') {
          const finishReason = finishReasonOf(part.finishReason);
          if (finishReason === 'content-filter') throw refused(options.name);
          // A stream that stops without the provider's terminal event surfaces as finish reason
          // 'other'/'error' with no raw reason: incomplete, so never reported as a finished answer.
          if (
            part.finishReason === 'error' ||
            (finishReason === 'other' && part.rawFinishReason === undefined)
          ) {
            throw new StreamInterruptedError(
              `${options.name}: the stream ended without its terminal event after ${text.length} characters`,
              { provider: options.name, partialText: text },
            );
          }
          const response = await result.response;
          yield {
            type: 'finish',
            finishReason,
            usage: usageOf(part.totalUsage),
            simulated: isSimulatedAnswer(response.headers),
          };
          return;
        }
      }
      throw new StreamInterruptedError(`${options.name}: the stream ended without a finish event`, {
        provider: options.name,
        partialText: text,
      });
    },

    async healthCheck(signal?: AbortSignal): Promise<HealthCheckResult> {
      const started = performance.now();
      const doFetch = options.fetch ?? globalThis.fetch;
      try {
        const response = await doFetch(`${baseURL}/models`, {
          headers: authHeaders(options),
          ...(signal === undefined ? {} : { signal }),
        });
        await response.body?.cancel();
        const latencyMs = performance.now() - started;
        if (response.ok) return { ok: true, latencyMs };
        const detail =
          response.status === 401 || response.status === 403
            ? `the API key was rejected (HTTP ${response.status})`
            : `HTTP ${response.status} from ${baseURL}/models`;
        return { ok: false, latencyMs, detail };
      } catch (error) {
        const reason =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        return {
          ok: false,
          latencyMs: performance.now() - started,
          detail: `cannot reach ${baseURL}: ${reason}`,
        };
      }
    },
  };
}

function modelFactory(options: SdkAdapterOptions, baseURL: string): (id: string) => LanguageModel {
  const common = {
    baseURL,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  const apiKey = options.apiKey ?? '';
  switch (options.kind) {
    case 'anthropic': {
      const provider = createAnthropic({ ...common, apiKey });
      return (id) => provider(id);
    }
    case 'google': {
      const provider = createGoogleGenerativeAI({ ...common, apiKey });
      return (id) => provider(id);
    }
    case 'openai': {
      const provider = createOpenAI({ ...common, apiKey });
      return (id) => provider(id);
    }
    case 'openai-compatible': {
      const provider = createOpenAICompatible({
        ...common,
        name: options.name,
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        includeUsage: true,
      });
      return (id) => provider(id);
    }
  }
}

function authHeaders(options: SdkAdapterOptions): Record<string, string> {
  const key = options.apiKey;
  if (key === undefined || key === '') return {};
  if (options.kind === 'anthropic') return { 'x-api-key': key, 'anthropic-version': '2023-06-01' };
  if (options.kind === 'google') return { 'x-goog-api-key': key };
  return { authorization: `Bearer ${key}` };
}

/**
 * System messages go to `instructions`: the AI SDK refuses them inside `messages` by default, and a
 * caller building a conversation naturally puts the system prompt first in the list.
 */
function splitInstructions(all: ModelMessage[]): {
  instructions: string | undefined;
  messages: ModelMessage[];
} {
  if (!all.some((message) => message.role === 'system')) return { instructions: undefined, messages: all };
  const system: string[] = [];
  const messages: ModelMessage[] = [];
  for (const message of all) {
    if (message.role === 'system') system.push(message.content);
    else messages.push(message);
  }
  return { instructions: system.join('\n\n'), messages };
}

/** The simulator marks every answer; honouring the mark keeps a misconfigured baseURL from passing as real. */
function isSimulatedAnswer(headers: Record<string, string> | undefined): boolean {
  return headers?.['x-automatosx-simulated'] === 'true';
}

function toolCallOf(call: { toolCallId: string; toolName: string; input: unknown }): ModelToolCall {
  return { toolCallId: call.toolCallId, toolName: call.toolName, input: call.input };
}

function usageOf(usage: { inputTokens: number | undefined; outputTokens: number | undefined }): TokenUsage {
  return { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
}

function finishReasonOf(reason: FinishReason): ModelFinishReason {
  if (reason === 'stop' || reason === 'length' || reason === 'tool-calls' || reason === 'content-filter')
    return reason;
  return 'other';
}

function refused(provider: string): ContentFilterError {
  return new ContentFilterError(
    `${provider}: the answer was withheld by the provider's content filter; rephrase the request`,
    { provider },
  );
}
