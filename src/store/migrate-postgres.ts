import type { Pool } from 'pg';
import type { Migration } from './migrate.js';

/**
 * Applies the migrations of one component that the schema has not seen yet, all in one transaction
 * under a transaction-scoped advisory lock keyed by schema and component: two processes starting at
 * once serialise here, and the second finds everything applied. Creates the schema when it is missing.
 */
export async function migratePostgres(
  pool: Pool,
  schema: string,
  component: string,
  migrations: readonly Migration[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`automatosx:${schema}:${component}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL,
      PRIMARY KEY (component, version)
    )`);
    const applied = new Set(
      (
        await client.query<{ version: number }>(
          'SELECT version FROM schema_migrations WHERE component = $1',
          [component],
        )
      ).rows.map((row) => Number(row.version)),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ($1, $2, $3, $4)',
        [component, migration.version, migration.name, Date.now()],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
