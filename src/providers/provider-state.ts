import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  type CircuitTransition,
} from './circuit-breaker.js';
import type { Clock } from './clock.js';
import { type HealthSnapshot, HealthTracker } from './health-tracker.js';
import type { ProviderLimiter } from './provider-limiter.js';
import { RateLimiter, type RateLimiterLimits } from './rate-limiter.js';

/** A provider's circuit breaker as the failover loop drives it: in-process or shared through Redis. */
export interface ProviderBreaker {
  /** As of now, from this process's view (a shared breaker mirrors the shared state). */
  readonly state: CircuitState;
  readonly errorRate: number;
  /** Milliseconds until an open circuit admits a probe; 0 when it admits requests now. */
  readonly retryInMs: number;
  /** True when a request may go; when half-open, true for exactly one caller (across processes, if shared). */
  tryAcquire(): boolean | Promise<boolean>;
  recordSuccess(): void;
  recordFailure(): void;
  /** The request that acquired ended without a verdict on the provider. */
  release(): void;
}

/** Latency and error-rate figures the health-aware strategy reads. */
export interface ProviderHealth {
  recordSuccess(latencyMs: number): void;
  recordFailure(code: string): void;
  snapshot(): HealthSnapshot;
}

/**
 * Where a router keeps each provider's live state. The default keeps it in this process; with
 * `REDIS_URL` set, `createRedisProviderState` shares it with every process of the deployment.
 */
export interface ProviderState {
  breaker(
    provider: string,
    options: CircuitBreakerOptions | undefined,
    onTransition: (transition: CircuitTransition) => void,
  ): ProviderBreaker;
  health(provider: string): ProviderHealth;
  limiter(provider: string, limits: RateLimiterLimits): ProviderLimiter;
}

export function createInProcessProviderState(clock: Clock): ProviderState {
  return {
    breaker: (_provider, options, onTransition) => new CircuitBreaker(clock, options, onTransition),
    health: () => new HealthTracker(),
    limiter: (provider, limits) => new RateLimiter(clock, limits, provider),
  };
}
