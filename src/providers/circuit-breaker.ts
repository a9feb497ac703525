import type { Clock } from './clock.js';

export const CircuitState = { closed: 'closed', open: 'open', halfOpen: 'half-open' } as const;
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

export interface CircuitBreakerOptions {
  /** Open when at least this share of the outcomes in the window are failures. Default 0.5. */
  errorThreshold?: number;
  /** The rolling window the share is measured over. Default 60 000 ms. */
  windowMs?: number;
  /** Fewer outcomes than this in the window never open the circuit. Default 5. */
  minimumRequests?: number;
  /** How long the circuit stays open before it lets one probe through. Default 30 000 ms. */
  cooldownMs?: number;
}

export const defaultCircuitBreakerOptions = {
  errorThreshold: 0.5,
  windowMs: 60_000,
  minimumRequests: 5,
  cooldownMs: 30_000,
} as const;

export type CircuitTransition = { from: CircuitState; to: CircuitState; errorRate: number };

/**
 * Per-provider circuit breaker: closed → open at ≥ threshold errors over a rolling window with a minimum
 * request count; open → half-open after the cooldown, letting exactly one probe through; half-open →
 * closed when the probe succeeds, back to open when it fails.
 */
export class CircuitBreaker {
  private readonly options: Required<CircuitBreakerOptions>;
  private outcomes: { at: number; ok: boolean }[] = [];
  private currentState: CircuitState = CircuitState.closed;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly clock: Clock,
    options: CircuitBreakerOptions = {},
    private readonly onTransition: (transition: CircuitTransition) => void = () => {},
  ) {
    this.options = { ...defaultCircuitBreakerOptions, ...options };
  }

  /** The state as of now (an open circuit whose cooldown has passed reads as half-open). */
  get state(): CircuitState {
    if (this.currentState === CircuitState.open && this.cooldownOver()) return CircuitState.halfOpen;
    return this.currentState;
  }

  /** Share of failures in the current window, 0 when empty. */
  get errorRate(): number {
    this.prune();
    if (this.outcomes.length === 0) return 0;
    return this.outcomes.filter((o) => !o.ok).length / this.outcomes.length;
  }

  /** Milliseconds until an open circuit admits a probe; 0 when it admits requests now. */
  get retryInMs(): number {
    if (this.currentState !== CircuitState.open) return 0;
    return Math.max(0, this.openedAt + this.options.cooldownMs - this.clock.now());
  }

  /**
   * Asks to send one request. True when closed; when half-open, true for exactly one caller (the probe)
   * until that caller reports an outcome or releases it.
   */
  tryAcquire(): boolean {
    if (this.currentState === CircuitState.open) {
      if (!this.cooldownOver()) return false;
      this.transition(CircuitState.halfOpen);
    }
    if (this.currentState === CircuitState.halfOpen) {
      if (this.probeInFlight) return false;
      this.probeInFlight = true;
    }
    return true;
  }

  recordSuccess(): void {
    if (this.currentState === CircuitState.halfOpen) {
      this.probeInFlight = false;
      this.outcomes = [];
      this.transition(CircuitState.closed);
      return;
    }
    this.push(true);
  }

  recordFailure(): void {
    if (this.currentState === CircuitState.halfOpen) {
      this.probeInFlight = false;
      this.openedAt = this.clock.now();
      this.transition(CircuitState.open);
      return;
    }
    if (this.currentState === CircuitState.open) return;
    this.push(false);
    if (
      this.outcomes.length >= this.options.minimumRequests &&
      this.errorRate >= this.options.errorThreshold
    ) {
      this.openedAt = this.clock.now();
      this.transition(CircuitState.open);
    }
  }

  /** The request that acquired a probe ended without a verdict on the provider (cancelled, bad request). */
  release(): void {
    this.probeInFlight = false;
  }

  private push(ok: boolean): void {
    this.outcomes.push({ at: this.clock.now(), ok });
    this.prune();
  }

  private prune(): void {
    const since = this.clock.now() - this.options.windowMs;
    let drop = 0;
    while (drop < this.outcomes.length && this.outcomes[drop]!.at < since) drop++;
    if (drop > 0) this.outcomes.splice(0, drop);
  }

  private cooldownOver(): boolean {
    return this.clock.now() >= this.openedAt + this.options.cooldownMs;
  }

  private transition(to: CircuitState): void {
    const from = this.currentState;
    if (from === to) return;
    this.currentState = to;
    this.onTransition({ from, to, errorRate: this.errorRate });
  }
}
