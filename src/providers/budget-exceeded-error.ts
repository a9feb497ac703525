import { ProviderError } from './provider-errors.js';

export const BudgetCap = { daily: 'daily', perRun: 'per-run', providerDaily: 'provider-daily' } as const;
export type BudgetCap = (typeof BudgetCap)[keyof typeof BudgetCap];

/**
 * A request would take spend past a cap in `budget` (automatosx.config.json). Not retryable: waiting only
 * helps for a daily cap, at midnight UTC. A provider's own cap makes the router fail over; the daily and
 * per-run caps fail the request (and its step).
 */
export class BudgetExceededError extends ProviderError {
  readonly isRetryable = false;
  readonly cap: BudgetCap;
  readonly capUsd: number;
  readonly spentUsd: number;
  constructor(
    message: string,
    options: { provider: string; cap: BudgetCap; capUsd: number; spentUsd: number },
  ) {
    super(message, 'budget-exceeded', { provider: options.provider });
    this.cap = options.cap;
    this.capUsd = options.capUsd;
    this.spentUsd = options.spentUsd;
  }
}
