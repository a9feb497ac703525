import type { ModelRequest, RoutingStrategy } from './model-client.js';
import { findModelPrice, type ModelPrice } from './price-table.js';
import type { ProviderSlot } from './provider-slot.js';
import type { RouteCandidate } from './routing-strategy.js';

/** Snapshots each provider's state into the plain data `planRoute` decides from. */
export function routeCandidates(
  slots: Iterable<ProviderSlot>,
  request: Pick<ModelRequest, 'messages' | 'maxTokens'>,
  strategy: RoutingStrategy,
): RouteCandidate[] {
  // Only the cost strategy needs the prompt size; the others stay O(providers) per decision.
  const estimate = strategy === 'cost' ? estimateInputTokens(request) : 0;
  const candidates: RouteCandidate[] = [];
  for (const slot of slots) {
    const health = slot.health.snapshot();
    const price = strategy === 'cost' ? findModelPrice(slot.adapter.defaultModel) : undefined;
    candidates.push({
      name: slot.name,
      priority: slot.entry.priority,
      unavailable: slot.misconfigured ?? tooSmall(slot, price, estimate),
      circuit: slot.breaker.state,
      errorRate: health.errorRate,
      latencyMs: health.latencyMs,
      estimatedCostUsd: price
        ? (estimate * price.inputPerMillion + (request.maxTokens ?? 1000) * price.outputPerMillion) / 1e6
        : undefined,
    });
  }
  return candidates;
}

/**
 * A model named without a provider goes to the first usable provider of that model's vendor (from the
 * price table), so `{ model: 'gpt-4o' }` is not sent to Claude. Unknown models go to the first provider.
 */
export function providerForModel(
  slots: Iterable<ProviderSlot>,
  model: string | undefined,
): string | undefined {
  if (model === undefined) return undefined;
  const vendor = findModelPrice(model)?.vendor;
  if (vendor === undefined) return undefined;
  let best: ProviderSlot | undefined;
  for (const slot of slots) {
    if (slot.adapter.kind !== vendor || slot.misconfigured !== undefined) continue;
    if (!best || slot.entry.priority < best.entry.priority) best = slot;
  }
  return best?.name;
}

/** Under the cost strategy, a provider whose window cannot hold the prompt cannot serve the request. */
function tooSmall(slot: ProviderSlot, price: ModelPrice | undefined, estimate: number): string | undefined {
  const window = slot.entry.contextWindow ?? price?.contextWindow;
  if (window === undefined || estimate <= window) return undefined;
  return `the prompt (~${estimate} tokens) does not fit its ${window}-token window`;
}

/** Rough prompt size (4 characters a token), used for rate-limit admission and cost estimates only. */
export function estimateInputTokens(request: Pick<ModelRequest, 'messages'>): number {
  return Math.ceil(JSON.stringify(request.messages).length / 4);
}
