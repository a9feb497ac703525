import type { DatabaseSync } from 'node:sqlite';

/** One schema change of a component, applied once, in order of `version`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the migrations of one component (`workflows`, `providers`, `code`, …) that the database has
 * not seen yet, each in its own transaction, and records them in `schema_migrations`. Components are
 * versioned separately so that each system owns its tables without a global numbering to fight over.
 */
export function migrate(db: DatabaseSync, component: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    component TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (component, version)
  ) STRICT`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations WHERE component = ?')
      .all(component)
      .map((row) => Number(row.version)),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it between our read and our lock.
      const done = db
        .prepare('SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?')
        .get(component, migration.version);
      if (!done) {
        db.exec(migration.sql);
        record.run(component, migration.version, migration.name, Date.now());
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
