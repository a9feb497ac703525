import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  type FinishReason,
  generateText,
  jsonSchema,
  type LanguageModel,
  type ModelMessage,
  NoObjectGeneratedError,
  Output,
  streamText,
} from 'ai';
import { watchDoneMarker } from './done-marker-fetch.js';
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

/** Which OpenAI endpoint requests go to: `POST …/chat/completions` or `POST …/responses`. */
export type OpenAIApi = 'chat' | 'responses';

export interface SdkAdapterOptions {
  name: string;
  kind: SdkAdapterKind;
  defaultModel: string;
  /** Never logged or printed; sent only in the provider's auth header. */
  apiKey: string | undefined;
  /** The provider's API root; default the vendor's public endpoint. Required for openai-compatible. */
  baseURL?: string;
  /**
   * `type: openai` only: the endpoint requests use. Default `responses` for OpenAI itself and `chat` when
   * a `baseURL` is given, since gateways and local servers mostly serve chat completions only.
   */
  api?: OpenAIApi;
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
  const api = openAIApiOf(options);
  const models = new Map<string, LanguageModel>();
  const factory = modelFactory(options, baseURL, api);
  const modelFor = (id: string) => {
    let model = models.get(id);
    if (!model) {
      model = factory(id);
      models.set(id, model);
    }
    return model;
  };
  const settings = (call: AdapterCall, model: LanguageModel = modelFor(call.model)) => {
    const { instructions, messages } = splitInstructions(call.messages);
    return {
      model,
      messages,
      ...(instructions === undefined ? {} : { instructions }),
      ...(call.tools === undefined ? {} : { tools: call.tools }),
      ...(call.toolChoice === undefined ? {} : { toolChoice: call.toolChoice }),
      ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
      ...(call.maxTokens === undefined ? {} : { maxOutputTokens: call.maxTokens }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(call.output === undefined ? {} : structuredOutput(call.output)),
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
      let result: Awaited<ReturnType<typeof generateText>>;
      try {
        result = await generateText(settings(call));
      } catch (error) {
        // The SDK parses a structured answer as JSON and throws when it cannot; the caller checks the
        // answer and asks the model to repair it, so the text is an answer here, not a provider failure.
        if (NoObjectGeneratedError.isInstance(error) && error.text !== undefined && error.usage) {
          return {
            text: error.text,
            toolCalls: [],
            finishReason: finishReasonOf(error.finishReason ?? 'stop'),
            usage: usageOf(error.usage),
            simulated: isSimulatedAnswer(error.response?.headers),
          };
        }
        throw error;
      }
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
      // Chat completions end with `data: [DONE]`; watching for it needs this call's own fetch.
      const done = api === 'chat' ? watchDoneMarker(options.fetch) : undefined;
      const model = done
        ? modelFactory({ ...options, fetch: done.fetch }, baseURL, api)(call.model)
        : undefined;
      // Raw chunks too: every chunk on the wire (tool arguments, reasoning, usage) proves the stream alive.
      const result = streamText({ ...settings(call, model), includeRawChunks: true, onError: () => {} });
      let text = '';
      let toolCalls = 0;
      for await (const part of result.stream) {
        if (part.type === 'text-delta') {
          if (part.text.length === 0) {
            yield { type: 'progress' };
            continue;
          }
          text += part.text;
          yield { type: 'text-delta', text: part.text };
        } else if (part.type === 'tool-call') {
          toolCalls++;
          yield { type: 'tool-call', toolCall: toolCallOf(part) };
        } else if (part.type === 'error') {
          // openai-compatible reports a missing finish_reason as an error part before its finish part.
          if (done?.sawDone() && isMissingFinishReason(part.error)) continue;
          throw part.error;
        } else if (part.type === 'abort') {
          throw call.signal.reason ?? new Error('stream aborted');
        } else if (part.type === 'finish') {
          let finishReason = finishReasonOf(part.finishReason);
          if (finishReason === 'content-filter') throw refused(options.name);
          // A stream that stops without the provider's terminal event surfaces as finish reason
          // 'other'/'error' with no raw reason: incomplete, so never reported as a finished answer.
          // Except in chat completions, where `data: [DONE]` is itself the terminal event: some
          // OpenAI-compatible servers send it after a complete answer without any finish_reason.
          const noReason =
            (finishReason === 'other' || part.finishReason === 'error') && part.rawFinishReason === undefined;
          if (noReason && done?.sawDone()) {
            finishReason = toolCalls > 0 ? 'tool-calls' : 'stop';
          } else if (part.finishReason === 'error' || noReason) {
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
        } else {
          yield { type: 'progress' };
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
      const probe = healthProbe(options, baseURL, api);
      try {
        const response = await doFetch(probe.url, {
          method: probe.body === undefined ? 'GET' : 'POST',
          headers: {
            ...authHeaders(options),
            ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
          ...(signal === undefined ? {} : { signal }),
        });
        const body = response.ok ? '' : await response.text();
        await response.body?.cancel().catch(() => {});
        const latencyMs = performance.now() - started;
        if (response.ok) return { ok: true, latencyMs };
        const where = `${probe.body === undefined ? 'GET' : 'POST'} ${probe.url}`;
        const detail =
          response.status === 401 || response.status === 403
            ? `the API key was rejected (HTTP ${response.status})`
            : response.status === 404 && api !== undefined && !/model/i.test(body)
              ? `HTTP 404 from ${where}: this server does not serve the ${api === 'chat' ? 'chat completions' : 'responses'} API; set providers.${options.name}.api to "${api === 'chat' ? 'responses' : 'chat'}"`
              : `HTTP ${response.status} from ${where}${body ? `: ${body.replace(/\s+/g, ' ').slice(0, 160)}` : ''}`;
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

/** `chat` or `responses` for the OpenAI wire formats, undefined for the others. */
function openAIApiOf(options: SdkAdapterOptions): OpenAIApi | undefined {
  if (options.kind === 'openai-compatible') return 'chat';
  if (options.kind !== 'openai') return undefined;
  return options.api ?? (options.baseURL === undefined ? 'responses' : 'chat');
}

/**
 * The health request. For the OpenAI formats it is a one-token request to the very endpoint requests
 * use (a gateway can list models yet not serve `/responses`); Anthropic and Gemini serve one request
 * path, so listing models with the same key is proof enough and costs nothing.
 */
function healthProbe(
  options: SdkAdapterOptions,
  baseURL: string,
  api: OpenAIApi | undefined,
): { url: string; body?: unknown } {
  const ping = 'Reply with OK.';
  if (api === 'chat') {
    return {
      url: `${baseURL}/chat/completions`,
      body: { model: options.defaultModel, messages: [{ role: 'user', content: ping }], max_tokens: 1 },
    };
  }
  if (api === 'responses') {
    return {
      url: `${baseURL}/responses`,
      body: { model: options.defaultModel, input: ping, max_output_tokens: 16 },
    };
  }
  return { url: `${baseURL}/models` };
}

function modelFactory(
  options: SdkAdapterOptions,
  baseURL: string,
  api: OpenAIApi | undefined,
): (id: string) => LanguageModel {
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
      return api === 'chat' ? (id) => provider.chat(id) : (id) => provider.responses(id);
    }
    case 'openai-compatible': {
      const provider = createOpenAICompatible({
        ...common,
        name: options.name,
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        includeUsage: true,
        // Ollama, vLLM and LM Studio take `response_format: json_schema`; without this the schema is dropped.
        supportsStructuredOutputs: true,
      });
      return (id) => provider(id);
    }
  }
}

/**
 * The AI SDK's structured-output path: `Output.object` with the JSON Schema becomes each provider's own
 * mode (OpenAI `json_schema` response format, Gemini `responseJsonSchema`, Anthropic native output
 * format or a forced `json` tool on models without it). No validation here: the schema is passed as
 * given and the caller checks the answer, so a mismatch can be repaired instead of thrown. OpenAI's
 * strict mode is off because it refuses ordinary schemas (optional properties, open objects).
 */
function structuredOutput(output: NonNullable<AdapterCall['output']>) {
  return {
    output: Output.object({
      schema: jsonSchema(output.schema),
      ...(output.name === undefined ? {} : { name: output.name }),
      ...(output.description === undefined ? {} : { description: output.description }),
    }),
    providerOptions: { openai: { strictJsonSchema: false } },
  };
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

function isMissingFinishReason(error: unknown): boolean {
  return error instanceof Error && /without a finish reason/i.test(error.message);
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
