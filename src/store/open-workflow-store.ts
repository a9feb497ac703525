import { resolveDatabasePath } from './open-database.js';
import { createPostgresWorkflowStore } from './postgres-workflow-store.js';
import { createSqliteWorkflowStore } from './sqlite-workflow-store.js';
import type { WorkflowStore } from './workflow-store.js';

export interface OpenWorkflowStoreOptions {
  /** The `--db` flag: an SQLite file, used when `DATABASE_URL` is not a PostgreSQL URL. */
  db?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where a store lives, for messages: `postgres` with a password-free location, or the SQLite file. */
export type StoreLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };

/** `DATABASE_URL=postgres://…` (or `postgresql://…`) means PostgreSQL; anything else is the SQLite file. */
export function resolveStoreLocation(options: OpenWorkflowStoreOptions = {}): StoreLocation {
  const env = options.env ?? process.env;
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  return { kind: 'sqlite', path: resolveDatabasePath(options.db, env) };
}

/**
 * The one way every command opens the workflow store: PostgreSQL when `DATABASE_URL` names one,
 * otherwise the embedded SQLite file (`--db`, `DATABASE_PATH`, `.automatosx/automatosx.db`).
 */
export function openWorkflowStore(options: OpenWorkflowStoreOptions = {}): WorkflowStore {
  const location = resolveStoreLocation(options);
  return location.kind === 'postgres'
    ? createPostgresWorkflowStore(location.url)
    : createSqliteWorkflowStore(location.path);
}
