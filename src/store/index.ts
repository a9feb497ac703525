export { foldStepStates, stepStatusOfEvent } from './fold-step-states.js';
export { type Migration, migrate } from './migrate.js';
export {
  DatabaseUnavailableError,
  defaultDatabasePath,
  explainDatabaseError,
  type OpenDatabaseOptions,
  openDatabase,
  resolveDatabasePath,
} from './open-database.js';
export { createSqliteWorkflowStore, SqliteWorkflowStore } from './sqlite-workflow-store.js';
export { workflowMigrations } from './workflow-migrations.js';
export type * from './workflow-store.js';
