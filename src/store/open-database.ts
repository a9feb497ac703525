import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AutomatosxError, InvalidInputError } from '../errors/index.js';

export const defaultDatabasePath = '.automatosx/automatosx.db';

/** Thrown when the database file cannot be opened or written (locked, read-only, not a database). */
export class DatabaseUnavailableError extends AutomatosxError {
  constructor(
    message: string,
    readonly path: string,
    cause?: unknown,
  ) {
    super(message, { code: 'database-unavailable', cause });
  }
}

/** `--db` flag, then `DATABASE_PATH`, then `.automatosx/automatosx.db` in the working directory. */
export function resolveDatabasePath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.DATABASE_PATH || defaultDatabasePath);
}

export interface OpenDatabaseOptions {
  readOnly?: boolean;
  /** How long a writer waits for another process's lock before failing, in ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) an SQLite database in WAL mode with synchronous=NORMAL: a commit survives
 * a process crash, and readers never block the writer. `:memory:` is accepted for tests.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DatabaseSync {
  const inMemory = path === ':memory:';
  if (!inMemory && !options.readOnly) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (cause) {
      throw new DatabaseUnavailableError(
        `cannot create the folder for database ${path}: ${message(cause)}`,
        path,
        cause,
      );
    }
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, {
      readOnly: options.readOnly ?? false,
      timeout: options.busyTimeoutMs ?? 5_000,
      enableForeignKeyConstraints: true,
    });
    // 1 KiB pages (set before the first table exists; an existing file keeps its own): a step transition
    // appends one small event row, and every commit writes whole pages to the WAL, so small pages cut
    // the bytes written per step about in half and make each commit cheaper. Searches lose little.
    if (!inMemory && !options.readOnly) db.exec('PRAGMA page_size = 1024; PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (cause) {
    throw explainDatabaseError(cause, path);
  }
  return db;
}

/** Turns SQLite's terse errors into one that says which file, what went wrong and what to do. */
export function explainDatabaseError(cause: unknown, path: string): AutomatosxError {
  if (AutomatosxError.isInstance(cause)) return cause;
  const text = message(cause);
  if (/locked|busy/i.test(text)) {
    return new DatabaseUnavailableError(
      `database ${path} is locked by another process (${text}); wait for it to finish or choose another file with --db`,
      path,
      cause,
    );
  }
  if (/readonly|read-only|permission|unable to open/i.test(text)) {
    return new DatabaseUnavailableError(
      `database ${path} cannot be written (${text}); check its permissions or choose another file with --db`,
      path,
      cause,
    );
  }
  if (/not a database|malformed|corrupt/i.test(text)) {
    return new InvalidInputError(
      `${path} is not an AutomatosX database (${text}); choose another file with --db`,
      {
        code: 'database-invalid',
        cause,
      },
    );
  }
  return new DatabaseUnavailableError(`database ${path}: ${text}`, path, cause);
}

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
