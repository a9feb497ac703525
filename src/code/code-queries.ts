import type { DatabaseSync, SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { InvalidInputError } from '../errors/index.js';
import type { CodeSymbol } from './code-symbol.js';
import { toFtsQuery, wordsOf } from './fts-query.js';
import { type SymbolKind, symbolKinds } from './language-spec.js';
import { type RankedMatch, rankedMatches } from './ranked-matches.js';

export interface SearchOptions {
  limit?: number;
  language?: string;
  /** Only files whose path starts with this (relative to the indexed root). */
  pathPrefix?: string;
}

/** A full-text hit: the best line of the chunk that matched, with its file and enclosing symbol. */
export interface SearchHit {
  root: string;
  path: string;
  language: string;
  line: number;
  snippet: string;
  /** bm25 score; lower is better, as SQLite reports it. */
  score: number;
  chunk: { startLine: number; endLine: number };
  symbol?: { name: string; kind: string };
}

export interface SymbolQuery {
  /** Exact name (case-insensitive); with `prefix: true`, names that start with it. */
  name?: string;
  prefix?: boolean;
  /** Free text over names, name parts, signatures and doc comments (ranked with bm25). */
  text?: string;
  kind?: SymbolKind;
  language?: string;
  /** Only symbols in files whose path contains this. */
  file?: string;
  limit?: number;
}

/** A symbol as the index found it, with the file that holds it. */
export interface SymbolHit extends CodeSymbol {
  root: string;
  path: string;
  language: string;
}

export interface CodeStats {
  files: number;
  symbols: number;
  chunks: number;
  bytes: number;
  partialFiles: number;
  roots: string[];
  byLanguage: Array<{ language: string; files: number; symbols: number }>;
  byKind: Array<{ kind: string; symbols: number }>;
  lastIndexedAt: number | null;
}

const maxLimit = 1_000;
const symbolRank = 'bm25(code_symbols_fts, 10.0, 4.0, 2.0, 1.0)';
/** Definitions outrank declarations of other kinds when asking "where is X defined". */
const definitionOrder = [
  'class',
  'interface',
  'type',
  'enum',
  'function',
  'method',
  'module',
  'constant',
  'variable',
];

export function searchChunks(db: DatabaseSync, query: string, options: SearchOptions = {}): SearchHit[] {
  const match = toFtsQuery(query);
  const limit = clampLimit(options.limit ?? 20);
  const filters: string[] = [];
  const parameters: SQLInputValue[] = [match];
  if (options.language) {
    filters.push('f.language = ?');
    parameters.push(options.language);
  }
  if (options.pathPrefix) {
    filters.push("f.path LIKE ? ESCAPE '\\'");
    parameters.push(`${escapeLike(options.pathPrefix)}%`);
  }
  // Without filters, rank a bounded candidate set inside FTS5 before the join; with them, rank after filtering.
  const rows =
    filters.length === 0
      ? joinRanked(
          db,
          `SELECT c.start_line, c.end_line, c.content, c.file_id, f.root, f.path, f.language
           FROM code_chunks c JOIN code_files f ON f.id = c.file_id WHERE c.id = ?`,
          guard(() => rankedMatches(db, 'code_chunks_fts', 'rank', match, query, limit), query),
        )
      : run(
          db,
          `SELECT c.start_line, c.end_line, c.content, c.file_id, f.root, f.path, f.language, code_chunks_fts.rank AS score
           FROM code_chunks_fts JOIN code_chunks c ON c.id = code_chunks_fts.rowid JOIN code_files f ON f.id = c.file_id
           WHERE code_chunks_fts MATCH ? AND ${filters.join(' AND ')} ORDER BY code_chunks_fts.rank LIMIT ?`,
          [...parameters, limit],
          query,
        );
  const terms = wordsOf(query.replace(/\b(AND|OR|NOT)\b/g, ' ')).map((term) => term.toLowerCase());
  const enclosing = db.prepare(
    `SELECT name, kind FROM code_symbols WHERE file_id = ? AND start_line <= ? AND end_line >= ? AND kind != 'import'
     ORDER BY start_line DESC, end_line ASC LIMIT 1`,
  );
  // A hit in a doc comment belongs to the symbol the comment documents, which starts just below it,
  // rather than to the class around both.
  const documented = db.prepare(
    `SELECT name, kind FROM code_symbols WHERE file_id = ? AND start_line > ? AND doc != '' AND kind != 'import'
       AND start_line - ? <= 2 + length(doc) - length(replace(doc, char(10), ''))
     ORDER BY start_line LIMIT 1`,
  );
  return rows.map((row) => {
    const startLine = Number(row.start_line);
    const { offset, text } = bestLine(String(row.content), terms);
    const line = startLine + offset;
    const symbol =
      documented.get(Number(row.file_id), line, line) ?? enclosing.get(Number(row.file_id), line, line);
    const hit: SearchHit = {
      root: String(row.root),
      path: String(row.path),
      language: String(row.language),
      line,
      snippet: text,
      score: Number(row.score),
      chunk: { startLine, endLine: Number(row.end_line) },
    };
    if (symbol) hit.symbol = { name: String(symbol.name), kind: String(symbol.kind) };
    return hit;
  });
}

export function findSymbols(db: DatabaseSync, query: SymbolQuery): SymbolHit[] {
  const limit = clampLimit(query.limit ?? 50);
  const filters: string[] = [];
  const parameters: SQLInputValue[] = [];
  let from = 'code_symbols s JOIN code_files f ON f.id = s.file_id';
  let order = 'length(s.name), f.path, s.start_line';
  if (query.text !== undefined) {
    from = 'code_symbols_fts t JOIN code_symbols s ON s.id = t.rowid JOIN code_files f ON f.id = s.file_id';
    filters.push('code_symbols_fts MATCH ?');
    parameters.push(toFtsQuery(query.text));
    order = symbolRank;
  }
  if (query.name !== undefined) {
    if (query.name.trim() === '' && !query.prefix) {
      throw new InvalidInputError('a symbol name is empty; give the name to look up');
    }
    if (query.prefix) {
      filters.push("s.name LIKE ? ESCAPE '\\'");
      parameters.push(`${escapeLike(query.name)}%`);
      order = `(s.name = ? COLLATE NOCASE) DESC, ${order}`;
    } else {
      filters.push('s.name = ? COLLATE NOCASE');
      parameters.push(query.name);
      order = `(s.name = ?) DESC, ${order}`;
    }
  }
  if (query.kind !== undefined) {
    if (!symbolKinds.includes(query.kind)) {
      throw new InvalidInputError(
        `unknown symbol kind ${JSON.stringify(query.kind)}; use one of ${symbolKinds.join(', ')}`,
      );
    }
    filters.push('s.kind = ?');
    parameters.push(query.kind);
  }
  if (query.language !== undefined) {
    filters.push('f.language = ?');
    parameters.push(query.language);
  }
  if (query.file !== undefined) {
    filters.push("f.path LIKE ? ESCAPE '\\'");
    parameters.push(`%${escapeLike(query.file)}%`);
  }
  if (query.name !== undefined) parameters.push(query.name);
  if (query.text !== undefined && filters.length === 1) {
    // Text alone: rank a bounded candidate set inside FTS5 and cut to the limit before joining.
    const text = query.text;
    return joinRanked(
      db,
      `SELECT f.root, f.path, f.language, s.name, s.kind, s.start_line, s.end_line, s.signature, s.doc, s.container
       FROM code_symbols s JOIN code_files f ON f.id = s.file_id WHERE s.id = ?`,
      guard(
        () => rankedMatches(db, 'code_symbols_fts', symbolRank, String(parameters[0]), text, limit),
        text,
      ),
    ).map(toSymbolHit);
  }
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  const sql = `SELECT f.root, f.path, f.language, s.name, s.kind, s.start_line, s.end_line, s.signature, s.doc, s.container
    FROM ${from} ${where} ORDER BY ${order} LIMIT ?`;
  parameters.push(limit);
  return run(db, sql, parameters, query.text ?? query.name ?? '').map(toSymbolHit);
}

/** Where a name is defined: its definitions first (classes, functions, …), imports never. */
export function findDefinitions(db: DatabaseSync, name: string, limit = 20): SymbolHit[] {
  const hits = findSymbols(db, { name, limit: maxLimit }).filter((hit) => hit.kind !== 'import');
  const rank = (kind: string) => {
    const index = definitionOrder.indexOf(kind);
    return index === -1 ? definitionOrder.length : index;
  };
  return hits
    .sort((a, b) => Number(b.name === name) - Number(a.name === name) || rank(a.kind) - rank(b.kind))
    .slice(0, limit);
}

export function codeStats(db: DatabaseSync): CodeStats {
  const totals = db
    .prepare(`SELECT (SELECT count(*) FROM code_files) AS files, (SELECT count(*) FROM code_symbols) AS symbols,
      (SELECT count(*) FROM code_chunks) AS chunks, (SELECT coalesce(sum(size), 0) FROM code_files) AS bytes,
      (SELECT count(*) FROM code_files WHERE warning IS NOT NULL) AS partial,
      (SELECT max(indexed_at) FROM code_files) AS last`)
    .get();
  const byLanguage = db
    .prepare(`SELECT f.language, count(DISTINCT f.id) AS files, count(s.id) AS symbols
      FROM code_files f LEFT JOIN code_symbols s ON s.file_id = f.id GROUP BY f.language ORDER BY files DESC, f.language`)
    .all()
    .map((row) => ({
      language: String(row.language),
      files: Number(row.files),
      symbols: Number(row.symbols),
    }));
  const byKind = db
    .prepare('SELECT kind, count(*) AS symbols FROM code_symbols GROUP BY kind ORDER BY symbols DESC, kind')
    .all()
    .map((row) => ({ kind: String(row.kind), symbols: Number(row.symbols) }));
  const roots = db
    .prepare('SELECT DISTINCT root FROM code_files ORDER BY root')
    .all()
    .map((row) => String(row.root));
  return {
    files: Number(totals?.files ?? 0),
    symbols: Number(totals?.symbols ?? 0),
    chunks: Number(totals?.chunks ?? 0),
    bytes: Number(totals?.bytes ?? 0),
    partialFiles: Number(totals?.partial ?? 0),
    roots,
    byLanguage,
    byKind,
    lastIndexedAt: totals?.last === null || totals?.last === undefined ? null : Number(totals.last),
  };
}

/** The rows of `sql` (one `?` for the id) for each ranked match, in rank order, with its score. */
function joinRanked(
  db: DatabaseSync,
  sql: string,
  matches: RankedMatch[],
): Array<Record<string, SQLOutputValue>> {
  const statement = db.prepare(sql);
  return matches.flatMap((match): Array<Record<string, SQLOutputValue>> => {
    const row = statement.get(match.rowid);
    return row === undefined ? [] : [{ ...row, score: match.score }];
  });
}

function guard<T>(search: () => T, input: string): T {
  try {
    return search();
  } catch (error) {
    throw ftsError(error, input);
  }
}

function ftsError(error: unknown, input: string): unknown {
  // toFtsQuery quotes everything, so this is a safety net, not the expected path.
  if (/fts5|syntax error/i.test((error as Error).message)) {
    return new InvalidInputError(`cannot search for ${JSON.stringify(input)}: ${(error as Error).message}`, {
      code: 'invalid-search-query',
      cause: error,
    });
  }
  return error;
}

function run(db: DatabaseSync, sql: string, parameters: SQLInputValue[], input: string) {
  try {
    return db.prepare(sql).all(...parameters);
  } catch (error) {
    throw ftsError(error, input);
  }
}

function toSymbolHit(row: Record<string, SQLInputValue>): SymbolHit {
  return {
    root: String(row.root),
    path: String(row.path),
    language: String(row.language),
    name: String(row.name),
    kind: String(row.kind) as SymbolKind,
    startLine: Number(row.start_line),
    endLine: Number(row.end_line),
    signature: String(row.signature),
    doc: String(row.doc),
    container: String(row.container),
  };
}

/** The first line of a chunk that contains a query word, else its first non-blank line. */
function bestLine(content: string, terms: string[]): { offset: number; text: string } {
  const lines = content.split('\n');
  let fallback: { offset: number; text: string } | undefined;
  for (let offset = 0; offset < lines.length; offset++) {
    const text = (lines[offset] ?? '').trim();
    const lower = text.toLowerCase();
    if (terms.some((term) => lower.includes(term))) return { offset, text: clip(text) };
    if (!fallback && text) fallback = { offset, text: clip(text) };
  }
  return fallback ?? { offset: 0, text: '' };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function clampLimit(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1)
    throw new InvalidInputError(`limit must be a positive number, not ${limit}`);
  return Math.min(Math.trunc(limit), maxLimit);
}
