import { describe, expect, it } from 'vitest';
import {
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAuthError,
  ProviderConnectionError,
  ProviderOverloadedError,
  ProviderRateLimitError,
  ProviderServerError,
  ProviderTimeoutError,
} from './provider-errors.js';
import { decideRetry } from './retry-policy.js';

const provider = 'claude';
const base = { retryIndex: 0, maxRetries: 3, random: () => 0.5, backoff: { baseMs: 1000, capMs: 8000 } };

describe('decideRetry', () => {
  it('retries server faults with jittered backoff and fails over when retries are used up', () => {
    const error = new ProviderServerError('500', { provider });
    expect(decideRetry({ ...base, error })).toEqual({ action: 'retry', delayMs: 500 });
    expect(decideRetry({ ...base, error, retryIndex: 2 })).toEqual({ action: 'retry', delayMs: 2000 });
    expect(decideRetry({ ...base, error, retryIndex: 3 })).toEqual({
      action: 'failover',
      reason: 'retries-exhausted',
    });
  });

  it('fails over at once from an unreachable or silent provider when another follows, else retries it', () => {
    const reset = new ProviderConnectionError('reset', { provider });
    const silent = new ProviderTimeoutError('no answer', { provider, timeoutMs: 1000 });
    expect(decideRetry({ ...base, error: reset, hasFallback: true })).toEqual({
      action: 'failover',
      reason: 'unreachable',
    });
    expect(decideRetry({ ...base, error: silent, hasFallback: true })).toEqual({
      action: 'failover',
      reason: 'timeout',
    });
    expect(decideRetry({ ...base, error: reset, hasFallback: false })).toEqual({
      action: 'retry',
      delayMs: 500,
    });
    expect(decideRetry({ ...base, error: silent })).toEqual({ action: 'retry', delayMs: 500 });
    // A provider that answered with a fault is alive: it is retried even with a fallback waiting.
    const busy = new ProviderServerError('503', { provider });
    expect(decideRetry({ ...base, error: busy, hasFallback: true })).toEqual({
      action: 'retry',
      delayMs: 500,
    });
  });

  it('waits exactly what Retry-After says, and fails over at once when that exceeds the cap', () => {
    expect(
      decideRetry({ ...base, error: new ProviderRateLimitError('429', { provider, retryAfterMs: 3000 }) }),
    ).toEqual({
      action: 'retry',
      delayMs: 3000,
    });
    expect(
      decideRetry({
        ...base,
        hasFallback: true,
        error: new ProviderOverloadedError('529', { provider, retryAfterMs: 30_000 }),
      }),
    ).toEqual({
      action: 'failover',
      reason: 'retry-after-exceeds-cap',
    });
  });

  it('with no other provider, waits a Retry-After beyond the cap up to the ceiling, then stops', () => {
    const limited = (retryAfterMs: number) => new ProviderRateLimitError('429', { provider, retryAfterMs });
    expect(decideRetry({ ...base, hasFallback: false, error: limited(30_000) })).toEqual({
      action: 'retry',
      delayMs: 30_000,
    });
    expect(decideRetry({ ...base, hasFallback: false, error: limited(61_000) })).toEqual({
      action: 'stop',
      reason: 'retry-after-exceeds-ceiling',
    });
    expect(
      decideRetry({ ...base, hasFallback: false, retryAfterCeilingMs: 120_000, error: limited(90_000) }),
    ).toEqual({ action: 'retry', delayMs: 90_000 });
  });

  it('fails over from a provider that does not serve the model, but stops on an invalid request', () => {
    expect(
      decideRetry({ ...base, error: new ModelNotFoundError('404', { provider, model: 'gpt-9' }) }),
    ).toEqual({ action: 'failover', reason: 'model-not-found' });
    expect(decideRetry({ ...base, error: new InvalidRequestError('400', { provider }) })).toEqual({
      action: 'stop',
    });
  });

  it('never retries a bad key or a too-long prompt on the same provider, and stops on caller errors', () => {
    expect(decideRetry({ ...base, error: new ProviderAuthError('401', { provider }) })).toEqual({
      action: 'failover',
      reason: 'bad-key',
    });
    expect(decideRetry({ ...base, error: new ContextLengthError('400', { provider, model: 'm' }) })).toEqual({
      action: 'failover',
      reason: 'context-length',
    });
    expect(decideRetry({ ...base, error: new InvalidRequestError('400', { provider }) })).toEqual({
      action: 'stop',
    });
    expect(decideRetry({ ...base, error: new ContentFilterError('refused', { provider }) })).toEqual({
      action: 'stop',
    });
  });

  it('tells error classes apart with isInstance', () => {
    const error = new ProviderRateLimitError('429', { provider });
    expect(ProviderRateLimitError.isInstance(error)).toBe(true);
    expect(ProviderAuthError.isInstance(error)).toBe(false);
    expect(error.code).toBe('provider-rate-limited');
    expect(error.isRetryable).toBe(true);
  });
});
