import type { TokenUsage } from './model-client.js';

export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Requests answered by the simulator: their cost is what the real model would have cost, not a bill. */
  simulatedRequests: number;
  cacheHits: number;
}

export interface UsageReport {
  total: UsageTotals;
  byProvider: Record<string, UsageTotals>;
  byRun: Record<string, UsageTotals>;
}

const empty = (): UsageTotals => ({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  simulatedRequests: 0,
  cacheHits: 0,
});

/**
 * Usage and cost per request, per provider and per run. Exactly one entry per answered request: the
 * router records only the attempt that succeeded (failed attempts are errors providers do not bill, and
 * an interrupted stream reports no usage to count), so nothing is billed twice.
 */
export class UsageLedger {
  private readonly total = empty();
  private readonly providers = new Map<string, UsageTotals>();
  private readonly runs = new Map<string, UsageTotals>();

  record(entry: {
    provider: string;
    runId?: string | undefined;
    usage: TokenUsage;
    costUsd: number;
    simulated: boolean;
    cached: boolean;
  }): void {
    const targets = [this.total, this.slot(this.providers, entry.provider)];
    if (entry.runId !== undefined) targets.push(this.slot(this.runs, entry.runId));
    for (const totals of targets) {
      totals.requests++;
      totals.inputTokens += entry.usage.inputTokens;
      totals.outputTokens += entry.usage.outputTokens;
      totals.costUsd += entry.costUsd;
      if (entry.simulated) totals.simulatedRequests++;
      if (entry.cached) totals.cacheHits++;
    }
  }

  report(): UsageReport {
    return {
      total: { ...this.total },
      byProvider: Object.fromEntries([...this.providers].map(([name, totals]) => [name, { ...totals }])),
      byRun: Object.fromEntries([...this.runs].map(([name, totals]) => [name, { ...totals }])),
    };
  }

  private slot(map: Map<string, UsageTotals>, key: string): UsageTotals {
    let totals = map.get(key);
    if (!totals) {
      totals = empty();
      map.set(key, totals);
    }
    return totals;
  }
}
