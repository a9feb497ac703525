/**
 * Running spend totals in US dollars by key (`day:2026-12-05`, `day:2026-12-05:provider:claude`,
 * `run:<id>`): in this process, or in Redis so that every worker adds to and reads the same totals.
 */
export interface SpendLedger {
  add(keys: readonly string[], usd: number): Promise<void>;
  read(keys: readonly string[]): Promise<number[]>;
}

/** Totals kept in this process: caps hold for one process (a CLI run, a single server). */
export function createMemorySpendLedger(): SpendLedger {
  const totals = new Map<string, number>();
  return {
    async add(keys, usd) {
      for (const key of keys) totals.set(key, (totals.get(key) ?? 0) + usd);
    },
    async read(keys) {
      return keys.map((key) => totals.get(key) ?? 0);
    },
  };
}
