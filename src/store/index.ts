export { type Migration, migrate } from './migrate.js';
export {
  DatabaseUnavailableError,
  defaultDatabasePath,
  explainDatabaseError,
  type OpenDatabaseOptions,
  openDatabase,
  resolveDatabasePath,
} from './open-database.js';
