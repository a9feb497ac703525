import type { DatabaseSync } from 'node:sqlite';
import { type Migration, migrate } from '../store/index.js';
import type { SpendLedger } from './spend-ledger.js';

const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'spend totals',
    sql: `CREATE TABLE provider_spend (
      key TEXT PRIMARY KEY,
      usd REAL NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;`,
  },
];

const weekMs = 7 * 86_400_000;

/**
 * Spend totals in the SQLite file, for one machine without Redis: every `ax` process on it adds to the
 * same totals, so a daily cap holds across separate CLI runs and `ax providers list` shows the day's
 * spend. Totals untouched for a week are dropped.
 */
export function createSqliteSpendLedger(db: DatabaseSync, now: () => number = Date.now): SpendLedger {
  migrate(db, 'provider-spend', migrations);
  const add = db.prepare(
    `INSERT INTO provider_spend (key, usd, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET usd = usd + excluded.usd, updated_at = excluded.updated_at`,
  );
  const read = db.prepare('SELECT usd FROM provider_spend WHERE key = ?');
  const prune = db.prepare('DELETE FROM provider_spend WHERE updated_at < ?');
  return {
    async add(keys, usd) {
      if (usd <= 0) return;
      const at = now();
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const key of keys) add.run(key, usd, at);
        prune.run(at - weekMs);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async read(keys) {
      return keys.map((key) => Number(read.get(key)?.usd ?? 0));
    },
  };
}
