// The three ways the provider workload reaches the simulator, all through the same AI SDK
// OpenAI-compatible chat client: directly, through our router, and through the Portkey gateway
// (x-portkey-config header, Portkey docs "Configs", "Fallbacks", "Automatic Retries", "Request Timeouts").
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText } from 'ai';
import { createSdkAdapter, ProviderRouter } from '../../dist/index.js';

export const model = 'gpt-4o';

export function directModel(baseURL) {
  return createOpenAICompatible({ name: 'sim', baseURL, apiKey: 'bench' })(model);
}

/** Portkey's client is the same SDK pointed at the gateway with the routing config in a header. */
export function portkeyModel(gatewayURL, config) {
  return createOpenAICompatible({
    name: 'portkey',
    baseURL: gatewayURL,
    apiKey: 'bench',
    headers: { 'x-portkey-config': JSON.stringify(config) },
  })(model);
}

export const portkeySingle = (primary) => ({ provider: 'openai', api_key: 'bench', custom_host: primary });

/**
 * Portkey fallback config for the fault scenarios: one retry on the primary honouring Retry-After,
 * a 1 s request timeout on the primary (without one a hung upstream is never abandoned), then the backup.
 */
export const portkeyFallback = (primary, backup) => ({
  strategy: { mode: 'fallback' },
  targets: [
    {
      provider: 'openai',
      api_key: 'bench',
      custom_host: primary,
      retry: { attempts: 1, use_retry_after_header: true },
      request_timeout: 1000,
    },
    { provider: 'openai', api_key: 'bench', custom_host: backup, request_timeout: 10_000 },
  ],
});

const adapter = (name, baseURL) =>
  createSdkAdapter({
    name,
    kind: 'openai-compatible',
    defaultModel: model,
    apiKey: 'bench',
    baseURL,
    simulated: true,
  });

export const routerSingle = (primary) =>
  new ProviderRouter({ providers: [{ adapter: adapter('primary', primary), priority: 1 }] });

/** The same policy as the Portkey config: one retry, 1 s timeout on the primary, then the backup. */
export const routerFallback = (primary, backup) =>
  new ProviderRouter({
    providers: [
      { adapter: adapter('primary', primary), priority: 1, maxRetries: 1, timeoutMs: 1000 },
      {
        adapter: adapter('backup', backup),
        priority: 2,
        maxRetries: 1,
        timeoutMs: 10_000,
        contextWindow: 1_000_000,
      },
    ],
    restartInterruptedStreams: true,
  });

export const messages = (text) => [{ role: 'user', content: text }];

export async function sdkGenerate(languageModel, text, signal) {
  const result = await generateText({
    model: languageModel,
    messages: messages(text),
    maxRetries: 0,
    abortSignal: signal,
  });
  return {
    text: result.text,
    finishReason: result.finishReason,
    served: result.response?.headers?.['x-portkey-last-used-option-index'],
  };
}

export async function sdkStream(languageModel, text, signal) {
  let error;
  const result = streamText({
    model: languageModel,
    messages: messages(text),
    maxRetries: 0,
    abortSignal: signal,
    onError: ({ error: e }) => {
      error = e;
    },
  });
  let body = '';
  for await (const part of result.textStream) body += part;
  if (error) throw error;
  const response = await result.response;
  return {
    text: body,
    finishReason: await result.finishReason,
    served: response?.headers?.['x-portkey-last-used-option-index'],
  };
}

export async function routerGenerate(router, text, signal) {
  const response = await router.generate({ messages: messages(text) }, { signal });
  return { text: response.text, finishReason: response.finishReason, served: response.provider };
}

export async function routerStream(router, text, signal) {
  let body = '';
  for await (const event of router.stream({ messages: messages(text) }, { signal })) {
    if (event.type === 'text-delta') body += event.text;
    if (event.type === 'restart') body = '';
    if (event.type === 'finish')
      return { text: body, finishReason: event.response.finishReason, served: event.response.provider };
  }
  throw new Error('the router stream ended without a finish event');
}
