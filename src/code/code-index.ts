import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { InvalidInputError } from '../errors/index.js';
import { migrate, openDatabase } from '../store/index.js';
import { type IndexOptions, type IndexReport, indexCodebase } from './code-indexer.js';
import {
  type CodeStats,
  codeStats,
  findDefinitions,
  findSymbols,
  type SearchHit,
  type SearchOptions,
  type SymbolHit,
  type SymbolQuery,
  searchChunks,
} from './code-queries.js';
import { codeMigrations } from './code-schema.js';
import { findReferences, type ReferenceHit, type ReferenceOptions } from './find-references.js';
import { buildRepositoryMap, type RepositoryMap, type RepositoryMapOptions } from './repository-map.js';

export interface CodeIndexOptions {
  /** An open database (shared with the rest of AutomatosX); the caller closes it. */
  db?: DatabaseSync;
  /** Or a path to open; `close()` then closes it. */
  dbPath?: string;
  /** The codebase: indexing, paths and `readRange` are relative to it. Default: the working directory. */
  root?: string;
}

export interface ReadRangeRequest {
  path: string;
  startLine?: number;
  endLine?: number;
}

export interface FileRange {
  path: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  text: string;
}

/**
 * The code-intelligence API that the CLI and the agent tool `code-intelligence` share: index a tree,
 * search it, look up symbols, definitions and references, map it, read a range of a file.
 */
export interface CodeIndex {
  readonly root: string;
  readonly db: DatabaseSync;
  index(options?: IndexOptions): Promise<IndexReport>;
  search(query: string, options?: SearchOptions): SearchHit[];
  symbols(query: SymbolQuery): SymbolHit[];
  definition(name: string, options?: { limit?: number }): SymbolHit[];
  /** Lines that use a name as a whole identifier, definitions flagged. */
  references(name: string, options?: ReferenceOptions): ReferenceHit[];
  /** The files and signatures that matter most, ranked by who uses what, within a token budget. */
  map(options?: RepositoryMapOptions): RepositoryMap;
  readRange(request: ReadRangeRequest): FileRange;
  stats(): CodeStats;
  close(): void;
}

export const maxReadLines = 500;

export function createCodeIndex(options: CodeIndexOptions = {}): CodeIndex {
  if (!options.db && !options.dbPath) {
    throw new InvalidInputError('createCodeIndex needs a database: pass { db } or { dbPath }');
  }
  const ownsDatabase = !options.db;
  const db = options.db ?? openDatabase(options.dbPath as string);
  migrate(db, 'code', codeMigrations);
  const root = resolve(options.root ?? process.cwd());

  return {
    root,
    db,
    index: (indexOptions) => indexCodebase(db, root, indexOptions),
    search: (query, searchOptions) => searchChunks(db, query, searchOptions),
    symbols: (query) => findSymbols(db, query),
    definition: (name, definitionOptions) => findDefinitions(db, name, definitionOptions?.limit),
    references: (name, referenceOptions) => findReferences(db, name, referenceOptions),
    map: (mapOptions) => buildRepositoryMap(db, root, mapOptions),
    readRange: (request) => readRange(root, request),
    stats: () => codeStats(db),
    close: () => {
      if (ownsDatabase) db.close();
    },
  };
}

/** Reads lines of a file under the root; a path that leaves the root is refused. */
function readRange(root: string, request: ReadRangeRequest): FileRange {
  const absolute = resolve(root, request.path);
  const inside = relative(root, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new InvalidInputError(
      `${request.path} is outside the indexed root ${root}; give a path inside it`,
      {
        code: 'path-outside-root',
      },
    );
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read ${request.path} under ${root}: ${(error as Error).message}`, {
      code: 'file-not-readable',
      cause: error,
    });
  }
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const startLine = Math.max(1, Math.trunc(request.startLine ?? 1));
  const requestedEnd = Math.trunc(request.endLine ?? startLine + maxReadLines - 1);
  if (requestedEnd < startLine) {
    throw new InvalidInputError(
      `end line ${requestedEnd} is before start line ${startLine} in ${request.path}`,
    );
  }
  const endLine = Math.min(lines.length, requestedEnd, startLine + maxReadLines - 1);
  return {
    path: inside.split(sep).join('/'),
    startLine,
    endLine,
    totalLines: lines.length,
    text: lines.slice(startLine - 1, endLine).join('\n'),
  };
}
