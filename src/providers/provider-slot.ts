import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';
import type { SlotView } from './failover-loop.js';
import type { ProviderAdapter } from './provider-adapter.js';
import type { ProviderState } from './provider-state.js';
import type { RateLimiterLimits } from './rate-limiter.js';
import type { RouterEvents } from './router-events.js';

/** One usable provider as the router runs it. */
export interface ProviderEntry {
  adapter: ProviderAdapter;
  /** Lower is tried first under the priority strategy. */
  priority: number;
  /** Retries on this provider after its first try before failing over. Default 3. */
  maxRetries?: number;
  /** Per try: no answer (or, streaming, no next chunk) within this many ms is a timeout. Default 60 000. */
  timeoutMs?: number;
  /** Requests/tokens per minute, provider-wide and per model. */
  rateLimits?: RateLimiterLimits;
  /** Longest a request waits in this provider's rate-limit queue before failing over. Default 5 minutes. */
  maxQueueWaitMs?: number;
  /** Context window of the models this entry serves, when the price table does not know them. */
  contextWindow?: number;
}

/** A configured provider that cannot be used, kept so that status and errors can name it and say why. */
export interface UnavailableProvider {
  name: string;
  reason: string;
  kind?: string;
  model?: string;
  priority?: number;
}

export interface ProviderStatus {
  name: string;
  kind: string;
  model: string;
  priority: number;
  simulated: boolean;
  usable: boolean;
  /** Why it is not usable: not configured, disabled, or its key was rejected. */
  reason: string | undefined;
  circuit: CircuitState | undefined;
  errorRate: number;
  latencyMs: number | undefined;
  requests: number;
  failures: number;
  queued: number;
}

/** A usable provider with its live state: breaker, health averages and rate limiter. */
export interface ProviderSlot extends SlotView {
  entry: ProviderEntry;
}

export function createSlot(
  entry: ProviderEntry,
  state: ProviderState,
  breakerOptions: CircuitBreakerOptions | undefined,
  events: RouterEvents,
): ProviderSlot {
  const name = entry.adapter.name;
  const breaker = state.breaker(name, breakerOptions, ({ from, to, errorRate }) => {
    if (to === 'open') events.emit('circuit-open', { provider: name, errorRate, from });
    else if (to === 'closed') events.emit('circuit-close', { provider: name, from });
    else events.emit('circuit-half-open', { provider: name });
  });
  return {
    name,
    entry,
    adapter: entry.adapter,
    maxRetries: entry.maxRetries ?? 3,
    timeoutMs: entry.timeoutMs ?? 60_000,
    maxQueueWaitMs: entry.maxQueueWaitMs,
    breaker,
    health: state.health(name),
    limiter: state.limiter(name, entry.rateLimits ?? {}),
    misconfigured: undefined,
  };
}

export function slotStatus(slot: ProviderSlot): ProviderStatus {
  const health = slot.health.snapshot();
  return {
    name: slot.name,
    kind: slot.adapter.kind,
    model: slot.adapter.defaultModel,
    priority: slot.entry.priority,
    simulated: slot.adapter.simulated,
    usable: slot.misconfigured === undefined,
    reason: slot.misconfigured,
    circuit: slot.breaker.state,
    errorRate: health.errorRate,
    latencyMs: health.latencyMs,
    requests: health.requests,
    failures: health.failures,
    queued: slot.limiter.queued,
  };
}

export function unavailableStatus(entry: UnavailableProvider): ProviderStatus {
  return {
    name: entry.name,
    kind: entry.kind ?? 'unknown',
    model: entry.model ?? '',
    priority: entry.priority ?? Number.POSITIVE_INFINITY,
    simulated: false,
    usable: false,
    reason: entry.reason,
    circuit: undefined,
    errorRate: 0,
    latencyMs: undefined,
    requests: 0,
    failures: 0,
    queued: 0,
  };
}
