export { foldStepStates, stepStatusOfEvent } from './fold-step-states.js';
export { LeaseLostError } from './lease-lost-error.js';
export { type Migration, migrate } from './migrate.js';
export { migratePostgres } from './migrate-postgres.js';
export {
  DatabaseUnavailableError,
  defaultDatabasePath,
  explainDatabaseError,
  type OpenDatabaseOptions,
  openDatabase,
  resolveDatabasePath,
} from './open-database.js';
export {
  type OpenWorkflowStoreOptions,
  openWorkflowStore,
  resolveStoreLocation,
  type StoreLocation,
} from './open-workflow-store.js';
export {
  createPostgresWorkflowStore,
  PostgresWorkflowStore,
  type PostgresWorkflowStoreOptions,
  parsePostgresUrl,
} from './postgres-workflow-store.js';
export { createSqliteWorkflowStore, SqliteWorkflowStore } from './sqlite-workflow-store.js';
export { workflowMigrations } from './workflow-migrations.js';
export type * from './workflow-store.js';
