import { type BackoffOptions, defaultBackoff, fullJitterDelay } from './backoff.js';
import {
  ContextLengthError,
  ModelNotFoundError,
  ProviderAuthError,
  ProviderConnectionError,
  type ProviderError,
  ProviderNotConfiguredError,
  ProviderTimeoutError,
} from './provider-errors.js';

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  /** Give up on this provider and try the next one in the chain. */
  | { action: 'failover'; reason: string }
  /** Give up on the request: no other provider would answer differently (or none is left). */
  | { action: 'stop'; reason?: string };

export interface RetryPolicyInput {
  error: ProviderError;
  /** 0 for the decision after the first try, 1 after the second, … */
  retryIndex: number;
  /** Retries allowed on this provider after its first try. */
  maxRetries: number;
  /** Whether another provider follows this one in the chain. */
  hasFallback?: boolean;
  backoff?: BackoffOptions | undefined;
  /**
   * Longest `Retry-After` waited out when no other provider can answer (default 60 s). With another
   * provider to ask, a wait beyond the backoff cap fails over instead.
   */
  retryAfterCeilingMs?: number | undefined;
  random: () => number;
}

export const defaultRetryAfterCeilingMs = 60_000;

/**
 * The retry rule, in one place. Retryable faults (429, 5xx, 529, timeouts, resets, broken streams) are
 * retried on the same provider with full-jitter backoff — except that an unreachable or silent provider
 * fails over at once when another provider follows it — or after the provider's own Retry-After when it
 * gave one; a wait longer than the cap fails over at once rather than parking the request, unless no
 * other provider can answer: then the provider's wait is honoured up to `retryAfterCeilingMs`. A bad
 * key, a model this provider does not serve or a prompt too long for this model fails over without
 * retrying; everything else non-retryable stops.
 */
export function decideRetry(input: RetryPolicyInput): RetryDecision {
  const { error } = input;
  if (ProviderAuthError.isInstance(error)) return failover('bad-key');
  if (ProviderNotConfiguredError.isInstance(error)) return failover('not-configured');
  if (ContextLengthError.isInstance(error)) return failover('context-length');
  if (ModelNotFoundError.isInstance(error)) return failover('model-not-found');
  if (!error.isRetryable) return { action: 'stop' };
  // A provider that cannot be reached or did not answer in time is likely still down: with another
  // provider to ask, waiting out a backoff on this one would cost seconds for nothing.
  if (input.hasFallback && ProviderConnectionError.isInstance(error)) return failover('unreachable');
  if (input.hasFallback && ProviderTimeoutError.isInstance(error)) return failover('timeout');
  if (input.retryIndex >= input.maxRetries) return failover('retries-exhausted');
  const cap = input.backoff?.capMs ?? defaultBackoff.capMs;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs <= cap) return { action: 'retry', delayMs: error.retryAfterMs };
    if (input.hasFallback) return failover('retry-after-exceeds-cap');
    if (error.retryAfterMs <= (input.retryAfterCeilingMs ?? defaultRetryAfterCeilingMs))
      return { action: 'retry', delayMs: error.retryAfterMs };
    return { action: 'stop', reason: 'retry-after-exceeds-ceiling' };
  }
  return { action: 'retry', delayMs: fullJitterDelay(input.retryIndex, input.random, input.backoff) };
}

function failover(reason: string): RetryDecision {
  return { action: 'failover', reason };
}
