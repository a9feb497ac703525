import type { BudgetConfig } from '../config/index.js';
import { BudgetCap, BudgetExceededError } from './budget-exceeded-error.js';
import type { SpendLedger } from './spend-ledger.js';

export interface SpendRequest {
  provider: string;
  /** The workflow run the request belongs to, for the per-run cap. */
  runId?: string | undefined;
}

/** One cap with what has been spent against it. */
export interface CapStatus {
  cap: BudgetCap;
  /** `daily`: all providers; `provider-daily`: the provider's name; `per-run`: the run id or `each run`. */
  scope: string;
  capUsd: number;
  spentUsd: number;
}

/** The budget the router consults before each try and adds to after each answer. */
export interface SpendGuard {
  /** Throws BudgetExceededError when `estimateUsd` more would go past a cap. */
  check(request: SpendRequest, estimateUsd: number): Promise<void>;
  record(request: SpendRequest, usd: number): Promise<void>;
  /** Every configured cap with its spend (per-run: for `runId`, or spend unknown without one). */
  report(runId?: string): Promise<CapStatus[]>;
}

/**
 * Spend caps from `budget` in automatosx.config.json over a `SpendLedger`. Spend is priced from the price
 * table, simulated answers included (they are priced as the model they imitate), so a budget can be
 * rehearsed on the simulator. Days are UTC.
 */
export function createSpendBudget(
  config: BudgetConfig,
  ledger: SpendLedger,
  now: () => Date = () => new Date(),
): SpendGuard {
  const caps = (request: SpendRequest): { cap: CapStatus; key: string }[] => {
    const day = now().toISOString().slice(0, 10);
    const out: { cap: CapStatus; key: string }[] = [];
    if (config.dailyUsd !== undefined)
      out.push({ key: `day:${day}`, cap: status(BudgetCap.daily, 'all providers', config.dailyUsd) });
    const providerCap = config.providers?.[request.provider]?.dailyUsd;
    if (providerCap !== undefined)
      out.push({
        key: `day:${day}:provider:${request.provider}`,
        cap: status(BudgetCap.providerDaily, request.provider, providerCap),
      });
    if (config.perRunUsd !== undefined && request.runId !== undefined)
      out.push({
        key: `run:${request.runId}`,
        cap: status(BudgetCap.perRun, request.runId, config.perRunUsd),
      });
    return out;
  };
  return {
    async check(request, estimateUsd) {
      const applicable = caps(request);
      if (applicable.length === 0) return;
      const spent = await ledger.read(applicable.map((item) => item.key));
      for (const [index, { cap }] of applicable.entries()) {
        const spentUsd = spent[index] ?? 0;
        if (spentUsd + estimateUsd <= cap.capUsd && spentUsd < cap.capUsd) continue;
        const reached = spentUsd >= cap.capUsd;
        throw new BudgetExceededError(
          `${request.provider}: the ${describe(cap)} of $${cap.capUsd} ${
            reached
              ? `is reached ($${spentUsd.toFixed(4)} spent)`
              : `would be passed by this request ($${spentUsd.toFixed(4)} spent, this request is estimated at $${estimateUsd.toFixed(4)})`
          }; raise budget.${configPath(cap)} in automatosx.config.json${cap.cap === BudgetCap.perRun ? '' : ' or wait for the next UTC day'}`,
          { provider: request.provider, cap: cap.cap, capUsd: cap.capUsd, spentUsd },
        );
      }
    },
    async record(request, usd) {
      const keys = caps(request).map((item) => item.key);
      if (keys.length > 0 && usd > 0) await ledger.add(keys, usd);
    },
    async report(runId) {
      const day = now().toISOString().slice(0, 10);
      const rows: { cap: CapStatus; key: string | undefined }[] = [];
      if (config.dailyUsd !== undefined)
        rows.push({ key: `day:${day}`, cap: status(BudgetCap.daily, 'all providers', config.dailyUsd) });
      for (const [provider, { dailyUsd }] of Object.entries(config.providers ?? {}))
        rows.push({
          key: `day:${day}:provider:${provider}`,
          cap: status(BudgetCap.providerDaily, provider, dailyUsd),
        });
      if (config.perRunUsd !== undefined)
        rows.push({
          key: runId === undefined ? undefined : `run:${runId}`,
          cap: status(BudgetCap.perRun, runId ?? 'each run', config.perRunUsd),
        });
      const keyed = rows.filter((row) => row.key !== undefined);
      const spent = await ledger.read(keyed.map((row) => row.key!));
      return rows.map((row) => ({
        ...row.cap,
        spentUsd: row.key === undefined ? 0 : (spent[keyed.indexOf(row)] ?? 0),
      }));
    },
  };
}

function status(cap: BudgetCap, scope: string, capUsd: number): CapStatus {
  return { cap, scope, capUsd, spentUsd: 0 };
}

function describe(cap: CapStatus): string {
  if (cap.cap === BudgetCap.daily) return 'daily budget (all providers)';
  if (cap.cap === BudgetCap.providerDaily) return `daily budget of provider ${cap.scope}`;
  return `budget of run ${cap.scope}`;
}

function configPath(cap: CapStatus): string {
  if (cap.cap === BudgetCap.daily) return 'dailyUsd';
  if (cap.cap === BudgetCap.providerDaily) return `providers.${cap.scope}.dailyUsd`;
  return 'perRunUsd';
}
