import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { mapProviderError } from './map-provider-error.js';

const context = { provider: 'claude', model: 'claude-sonnet-4-5' };
const apiError = (
  statusCode: number | undefined,
  body = '',
  headers: Record<string, string> = {},
  cause?: unknown,
) =>
  new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'http://127.0.0.1/v1/messages',
    requestBodyValues: {},
    ...(statusCode === undefined ? {} : { statusCode }),
    responseBody: body,
    responseHeaders: headers,
    cause,
  });

describe('mapProviderError', () => {
  it.each([
    [
      401,
      '{"error":{"type":"authentication_error","message":"invalid x-api-key"}}',
      'provider-auth-failed',
      false,
    ],
    [403, '', 'provider-auth-failed', false],
    [429, '', 'provider-rate-limited', true],
    [529, '{"error":{"type":"overloaded_error"}}', 'provider-overloaded', true],
    [503, '{"error":{"message":"The model is overloaded"}}', 'provider-overloaded', true],
    [500, '', 'provider-server-error', true],
    [408, '', 'provider-server-error', true],
    [
      400,
      '{"error":{"message":"prompt is too long: 200005 tokens > 200000 maximum"}}',
      'context-length-exceeded',
      false,
    ],
    [400, '{"error":{"message":"blocked by content policy"}}', 'content-filtered', false],
    [404, '{"error":{"message":"model not found"}}', 'model-not-found', false],
    [
      404,
      '{"error":{"code":"model_not_found","message":"The model `gpt-9` does not exist"}}',
      'model-not-found',
      false,
    ],
    [400, '{"error":{"message":"The requested model is not supported."}}', 'model-not-found', false],
    [
      404,
      '{"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta"}}',
      'model-not-found',
      false,
    ],
    [400, '{"error":{"message":"temperature: must be at most 2"}}', 'invalid-request', false],
  ])('HTTP %i → %s', (status, body, code, retryable) => {
    const error = mapProviderError(apiError(status, body), context);
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(retryable);
    expect(error.provider).toBe('claude');
    expect(error.statusCode).toBe(status);
  });

  it('reads the wait from retry-after-ms, retry-after and Gemini RetryInfo', () => {
    expect(mapProviderError(apiError(429, '', { 'retry-after-ms': '1500' }), context).retryAfterMs).toBe(
      1500,
    );
    expect(mapProviderError(apiError(429, '', { 'retry-after': '3' }), context).retryAfterMs).toBe(3000);
    const gemini =
      '{"error":{"code":429,"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}';
    expect(mapProviderError(apiError(429, gemini), context).retryAfterMs).toBe(7000);
  });

  it('treats a reset connection and a corrupt success body as retryable', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(mapProviderError(apiError(undefined, '', {}, reset), context).code).toBe(
      'provider-connection-failed',
    );
    expect(mapProviderError(new TypeError('fetch failed', { cause: reset }), context).code).toBe(
      'provider-connection-failed',
    );
    const parse = Object.assign(new Error('bad json'), { name: 'AI_JSONParseError' });
    expect(mapProviderError(apiError(200, '{', {}, parse), context)).toMatchObject({
      code: 'provider-bad-response',
      isRetryable: true,
    });
  });

  it('says what happened, where, and what to do next', () => {
    expect(
      mapProviderError(apiError(401, '{"error":{"message":"invalid x-api-key"}}'), context).message,
    ).toBe(
      'claude: the API key was rejected (HTTP 401: invalid x-api-key); check the key in the environment or automatosx.config.json',
    );
  });
});
