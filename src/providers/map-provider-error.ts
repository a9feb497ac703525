import { APICallError } from 'ai';
import { retryAfterFromResponse } from './backoff.js';
import {
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAuthError,
  ProviderConnectionError,
  ProviderError,
  ProviderOverloadedError,
  ProviderRateLimitError,
  ProviderServerError,
} from './provider-errors.js';

export interface ErrorContext {
  provider: string;
  model: string;
  nowMs?: number;
}

const contextLengthPattern =
  /context[ _-]?length|context window|prompt is too long|too many tokens|maximum context|input token count|exceeds the (?:maximum|limit)/i;
/** OpenAI `model_not_found`, Anthropic `not_found_error` on `model:`, Gemini "models/x is not found", gateways' "model … not supported". */
const modelNotFoundPattern =
  /model_not_found|\bmodel\b[^.\n]{0,80}\b(?:does not exist|not found|is not supported|not supported)|not_found_error[^}]{0,80}\bmodel\b|models\/\S+ is not found/i;
const contentFilterPattern = /content[ _-]?filter|content[ _-]?policy|safety|blocked|refus/i;
const connectionCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Turns whatever an AI SDK call threw into the typed error the router acts on. HTTP status decides first
 * (401/403 auth, 429 rate limit, 529 overload, 408/409/5xx server, other 4xx invalid request), then the
 * body tells context-length and content-filter refusals apart from other 400s.
 */
export function mapProviderError(error: unknown, context: ErrorContext): ProviderError {
  if (ProviderError.isInstance(error)) return error;
  const { provider, model } = context;
  if (error instanceof Error && error.name === 'AI_RetryError' && 'lastError' in error) {
    return mapProviderError(error.lastError, context);
  }
  if (
    error instanceof Error &&
    /^AI_(InvalidPrompt|InvalidArgument|MessageConversion|InvalidMessageRole|InvalidDataContent)Error$/.test(
      error.name,
    )
  ) {
    return new InvalidRequestError(
      `${provider}: the request cannot be sent (${error.message.slice(0, 300)})`,
      {
        provider,
        cause: error,
      },
    );
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return connectionError(error, provider);
    if (status < 300) {
      // The headers said success but the body could not be read to the end: corrupt or cut off.
      const corrupt = error.cause instanceof Error && /JSONParse|TypeValidation/.test(error.cause.name);
      return corrupt
        ? new ProviderServerError(`${provider}: the answer could not be parsed (${error.message})`, {
            provider,
            cause: error,
            code: 'provider-bad-response',
          })
        : connectionError(error, provider);
    }
    const body = error.responseBody ?? '';
    const base = {
      provider,
      cause: error,
      statusCode: status,
    };
    const retryAfterMs = retryAfterFromResponse(error.responseHeaders, body, context.nowMs);
    const waitOptions = retryAfterMs === undefined ? base : { ...base, retryAfterMs };
    const detail = summarise(error.message, body);
    if (status === 401 || status === 403) {
      return new ProviderAuthError(
        `${provider}: the API key was rejected (HTTP ${status}: ${detail}); check the key in the environment or automatosx.config.json`,
        base,
      );
    }
    if (status === 429) {
      return new ProviderRateLimitError(
        `${provider}: rate limited (HTTP 429${retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs} ms`}: ${detail})`,
        waitOptions,
      );
    }
    if (status === 529 || /overloaded/i.test(body)) {
      return new ProviderOverloadedError(`${provider}: overloaded (HTTP ${status}: ${detail})`, waitOptions);
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new ProviderServerError(`${provider}: server error (HTTP ${status}: ${detail})`, waitOptions);
    }
    if (contextLengthPattern.test(body) || contextLengthPattern.test(error.message)) {
      return new ContextLengthError(
        `${provider}: the prompt does not fit ${model}'s context window (HTTP ${status}: ${detail}); shorten it or use a model with a larger window`,
        { ...base, model },
      );
    }
    if (modelNotFoundPattern.test(body) || modelNotFoundPattern.test(error.message)) {
      return new ModelNotFoundError(
        `${provider}: the model ${model} is not available there (HTTP ${status}: ${detail}); fix providers.${provider}.defaultModel or the step's model`,
        { ...base, model },
      );
    }
    if (contentFilterPattern.test(body)) {
      return new ContentFilterError(
        `${provider}: the request was refused by the content filter (${detail})`,
        base,
      );
    }
    return new InvalidRequestError(
      `${provider}: the request was rejected as invalid (HTTP ${status}: ${detail}); check the model name and parameters`,
      base,
    );
  }
  if (isStreamProviderError(error)) {
    const status = error.statusCode;
    const text = `${String(error.type ?? '')} ${String(error.code ?? '')} ${error.message}`;
    const base = { provider, cause: error, ...(status === undefined ? {} : { statusCode: status }) };
    if (status === 429 || /rate[_ ]limit/i.test(text)) {
      return new ProviderRateLimitError(`${provider}: rate limited mid-stream (${error.message})`, base);
    }
    if (status === 529 || /overloaded/i.test(text)) {
      return new ProviderOverloadedError(`${provider}: overloaded mid-stream (${error.message})`, base);
    }
    if (status === 401 || status === 403 || /authentication|permission/i.test(text)) {
      return new ProviderAuthError(`${provider}: the API key was rejected (${error.message})`, base);
    }
    if (contextLengthPattern.test(text)) {
      return new ContextLengthError(`${provider}: the prompt does not fit ${model}'s context window`, {
        ...base,
        model,
      });
    }
    return new ProviderServerError(`${provider}: the stream reported an error (${error.message})`, base);
  }
  if (isConnectionFailure(error)) return connectionError(error, provider);
  const name = error instanceof Error ? error.name : '';
  if (
    /JSONParse|TypeValidation|InvalidResponseData|EmptyResponseBody|NoContentGenerated|InvalidStreamPart/.test(
      name,
    )
  ) {
    return new ProviderServerError(
      `${provider}: the answer could not be read (${(error as Error).message.slice(0, 200)})`,
      { provider, cause: error, code: 'provider-bad-response' },
    );
  }
  return new ProviderServerError(
    `${provider}: unexpected failure (${error instanceof Error ? error.message : String(error)})`,
    { provider, cause: error, code: 'provider-unexpected-error' },
  );
}

function connectionError(error: unknown, provider: string): ProviderConnectionError {
  const code = errorCode(error);
  return new ProviderConnectionError(
    `${provider}: connection failed${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}; check that the provider's baseURL is reachable`,
    { provider, cause: error },
  );
}

function isStreamProviderError(error: unknown): error is Error & {
  type?: unknown;
  code?: unknown;
  statusCode?: number;
} {
  return error instanceof Error && error.name === 'AI_StreamProviderError';
}

function isConnectionFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code && connectionCodes.has(code)) return true;
  if (!(error instanceof Error)) return false;
  return (
    /fetch failed|socket|terminated|other side closed|network/i.test(error.message) ||
    (error.cause !== undefined && isConnectionFailure(error.cause))
  );
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function summarise(message: string, body: string): string {
  const fromBody = /"message"\s*:\s*"([^"]{1,200})/.exec(body)?.[1];
  return (fromBody ?? message).slice(0, 200);
}
