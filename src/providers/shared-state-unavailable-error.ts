import { ProviderError } from './provider-errors.js';

/**
 * The shared provider state (rate limits, spend totals in Redis) could not be read, so the request was
 * not sent: going ahead unchecked could break the limits every other worker keeps. Retryable.
 */
export class SharedStateUnavailableError extends ProviderError {
  readonly isRetryable = true;
  constructor(provider: string, cause: unknown) {
    super(
      `${provider}: the shared provider state (REDIS_URL) did not answer (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'the request was not sent so that no shared limit or budget is exceeded; check Redis and try again',
      'shared-state-unavailable',
      { provider, cause },
    );
  }
}
