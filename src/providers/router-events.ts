import type { CircuitState } from './circuit-breaker.js';
import type { RoutingStrategy, TokenUsage } from './model-client.js';
import type { ProviderError } from './provider-errors.js';

/** Payload of each router event, by type. `requestId` ties the events of one request together. */
export interface RouterEventMap {
  'routing-decision': {
    requestId: string;
    strategy: RoutingStrategy;
    selected: string | undefined;
    fallbackChain: string[];
    skipped: { provider: string; reason: string }[];
    reason: string;
  };
  attempt: { requestId: string; provider: string; model: string; attempt: number; stream: boolean };
  /** The request could not be admitted at once and starts waiting in the provider's rate-limit queue. */
  queued: { requestId: string; provider: string; model: string };
  /** A request that waited leaves the queue; `waitedMs` counts the whole wait, behind others included. */
  dequeued: {
    requestId: string;
    provider: string;
    model: string;
    outcome: 'admitted' | 'cancelled' | 'timed-out';
    waitedMs: number;
  };
  success: {
    requestId: string;
    provider: string;
    model: string;
    attempt: number;
    latencyMs: number;
    usage: TokenUsage;
    costUsd: number;
    simulated: boolean;
  };
  error: {
    requestId: string;
    provider: string;
    model: string;
    attempt: number;
    error: ProviderError;
    /** What the router does next. */
    next: 'retry' | 'failover' | 'stop';
    /** How long it waits before retrying. */
    delayMs?: number;
    /** Why: `retry-after` or `backoff` for a retry; the failover or stop reason otherwise. */
    reason?: string;
  };
  fallback: { requestId: string; from: string; to: string; reason: string };
  'circuit-open': { provider: string; errorRate: number; from: CircuitState };
  'circuit-half-open': { provider: string };
  'circuit-close': { provider: string; from: CircuitState };
  'cache-hit': { requestId: string; provider: string; model: string };
  restart: {
    requestId: string;
    fromProvider: string;
    toProvider: string;
    discardedChars: number;
    reason: string;
  };
  misconfigured: { provider: string; reason: string };
}

export type RouterEventType = keyof RouterEventMap;
export type RouterEvent = { [K in RouterEventType]: { type: K } & RouterEventMap[K] }[RouterEventType];
export type RouterListener<K extends RouterEventType> = (event: { type: K } & RouterEventMap[K]) => void;

/**
 * Typed, synchronous event fan-out. A listener that throws is isolated: observability must never change
 * which provider answers or whether the request succeeds.
 */
export class RouterEvents {
  private readonly listeners = new Map<string, Set<(event: RouterEvent) => void>>();

  on<K extends RouterEventType>(type: K, listener: RouterListener<K>): () => void {
    return this.add(type, listener as unknown as (event: RouterEvent) => void);
  }

  /** Every event, e.g. for a log or a trace. */
  onAny(listener: (event: RouterEvent) => void): () => void {
    return this.add('*', listener);
  }

  emit<K extends RouterEventType>(type: K, payload: RouterEventMap[K]): void {
    const typed = this.listeners.get(type);
    const any = this.listeners.get('*');
    if (!typed && !any) return;
    const event = { type, ...payload } as RouterEvent;
    for (const set of [typed, any]) {
      if (!set) continue;
      for (const listener of set) {
        try {
          listener(event);
        } catch {
          // Deliberately ignored: see the class comment.
        }
      }
    }
  }

  private add(type: string, listener: (event: RouterEvent) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }
}
