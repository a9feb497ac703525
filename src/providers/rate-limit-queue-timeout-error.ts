import { ProviderError, type ProviderErrorOptions } from './provider-errors.js';

/**
 * A request waited in a provider's rate-limit queue for its whole allowance (`maxQueueWait`, or the
 * 5-minute default) without being admitted. The router fails over to the next provider when there is one.
 */
export class RateLimitQueueTimeoutError extends ProviderError {
  readonly isRetryable = false;
  readonly maxWaitMs: number;
  constructor(message: string, options: ProviderErrorOptions & { maxWaitMs: number }) {
    super(message, 'rate-limit-queue-timeout', options);
    this.maxWaitMs = options.maxWaitMs;
  }
}
