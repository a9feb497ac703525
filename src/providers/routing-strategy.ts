import { CircuitState } from './circuit-breaker.js';
import type { RoutingStrategy } from './model-client.js';

/** What the planner knows about one provider at decision time. Plain data: planning does no I/O. */
export interface RouteCandidate {
  name: string;
  priority: number;
  /** Why it cannot be used (misconfigured key, disabled); undefined when usable. */
  unavailable: string | undefined;
  circuit: CircuitState;
  errorRate: number;
  latencyMs: number | undefined;
  /** Estimated cost of this request on this provider's model; undefined when the model is unpriced. */
  estimatedCostUsd: number | undefined;
}

export interface RoutePlan {
  strategy: RoutingStrategy;
  /** Providers to try, in order; the first is the selected one. */
  chain: string[];
  skipped: { provider: string; reason: string }[];
  reason: string;
}

export interface RouteRequest {
  provider?: string | undefined;
  fallback?: boolean | undefined;
  strategy: RoutingStrategy;
}

/**
 * Orders the providers for one request. Priority: configured priority. Health: lowest error rate (in
 * 10 % steps so noise does not reshuffle), then lowest latency. Cost: cheapest estimate among healthy
 * providers. In every strategy an open circuit goes last (its breaker still gates it) and a pinned
 * provider goes first; `fallback: false` keeps only the first.
 */
export function planRoute(candidates: readonly RouteCandidate[], request: RouteRequest): RoutePlan {
  const skipped: { provider: string; reason: string }[] = [];
  const usable: RouteCandidate[] = [];
  for (const candidate of candidates) {
    if (candidate.unavailable === undefined) usable.push(candidate);
    else skipped.push({ provider: candidate.name, reason: candidate.unavailable });
  }
  const compare = comparators[request.strategy];
  usable.sort(
    (a, b) => openLast(a, b) || compare(a, b) || a.priority - b.priority || (a.name < b.name ? -1 : 1),
  );
  let chain = usable.map((candidate) => candidate.name);
  let reason = describe(request.strategy, usable);
  if (request.provider !== undefined) {
    chain = [request.provider, ...chain.filter((name) => name !== request.provider)];
    reason = `pinned by request to ${request.provider}`;
  }
  if (request.fallback === false) chain = chain.slice(0, 1);
  return { strategy: request.strategy, chain, skipped, reason };
}

type Compare = (a: RouteCandidate, b: RouteCandidate) => number;

const openLast: Compare = (a, b) =>
  Number(a.circuit === CircuitState.open) - Number(b.circuit === CircuitState.open);

const comparators: Record<RoutingStrategy, Compare> = {
  priority: (a, b) => a.priority - b.priority,
  health: (a, b) =>
    Math.round(a.errorRate * 10) - Math.round(b.errorRate * 10) ||
    (a.latencyMs ?? Number.MAX_SAFE_INTEGER) - (b.latencyMs ?? Number.MAX_SAFE_INTEGER),
  cost: (a, b) =>
    Number(a.errorRate >= 0.5) - Number(b.errorRate >= 0.5) ||
    (a.estimatedCostUsd ?? Number.POSITIVE_INFINITY) - (b.estimatedCostUsd ?? Number.POSITIVE_INFINITY),
};

function describe(strategy: RoutingStrategy, ordered: readonly RouteCandidate[]): string {
  const first = ordered[0];
  if (!first) return 'no usable provider';
  if (strategy === 'priority') return `priority: ${first.name} has priority ${first.priority}`;
  if (strategy === 'health') {
    const latency = first.latencyMs === undefined ? 'no latency yet' : `${first.latencyMs.toFixed(0)} ms`;
    return `health: ${first.name} has error rate ${(first.errorRate * 100).toFixed(0)}%, ${latency}`;
  }
  const cost = first.estimatedCostUsd === undefined ? 'unpriced' : `$${first.estimatedCostUsd.toFixed(6)}`;
  return `cost: ${first.name} is cheapest healthy (${cost} estimated)`;
}
