import type { DatabaseSync } from 'node:sqlite';
import { InvalidInputError } from '../errors/index.js';

export interface ReferenceOptions {
  limit?: number;
  /** Only files whose path starts with this (relative to the indexed root). */
  pathPrefix?: string;
}

/** A line that mentions a name as a whole identifier. */
export interface ReferenceHit {
  root: string;
  path: string;
  line: number;
  text: string;
  /** True on the line where the name is defined (a symbol of that name starts there). */
  definition: boolean;
  /** The symbol the line is in, when there is one. */
  symbol?: { name: string; kind: string };
}

const maxLimit = 1_000;

/**
 * Where a name is used: the full-text index finds the chunks that contain the word, and each of their
 * lines that has it as a whole, case-sensitive identifier is a hit. Hits come in path and line order;
 * definitions are flagged rather than left out, so `refs` also shows where the name comes from.
 */
export function findReferences(
  db: DatabaseSync,
  name: string,
  options: ReferenceOptions = {},
): ReferenceHit[] {
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) {
    throw new InvalidInputError(
      `${JSON.stringify(name)} is not an identifier; give one name such as parseConfig or MAX_SIZE`,
      { code: 'invalid-reference-name' },
    );
  }
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 100)), maxLimit);
  const word = new RegExp(`(?<![\\p{L}\\p{N}_$])${name.replace(/\$/g, '\\$')}(?![\\p{L}\\p{N}_$])`, 'u');
  const parts = name.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/[\\%_]/g, '\\$&')}%` : '%';
  const rows = db
    .prepare(
      `SELECT c.file_id, c.start_line, c.content, f.root, f.path FROM code_chunks_fts
       JOIN code_chunks c ON c.id = code_chunks_fts.rowid JOIN code_files f ON f.id = c.file_id
       WHERE code_chunks_fts MATCH ? AND f.path LIKE ? ESCAPE '\\' ORDER BY f.path, c.start_line`,
    )
    .iterate(`"${parts.join(' ')}"`, prefix);
  const definedAt = db.prepare(
    `SELECT 1 FROM code_symbols WHERE file_id = ? AND name = ? AND start_line = ? AND kind != 'import' LIMIT 1`,
  );
  const enclosing = db.prepare(
    `SELECT name, kind FROM code_symbols WHERE file_id = ? AND start_line <= ? AND end_line >= ? AND kind != 'import'
     ORDER BY start_line DESC, end_line ASC LIMIT 1`,
  );
  const hits: ReferenceHit[] = [];
  for (const row of rows) {
    const lines = String(row.content).split('\n');
    for (let offset = 0; offset < lines.length; offset++) {
      const text = lines[offset] ?? '';
      if (!word.test(text)) continue;
      const line = Number(row.start_line) + offset;
      const fileId = Number(row.file_id);
      const symbol = enclosing.get(fileId, line, line);
      const hit: ReferenceHit = {
        root: String(row.root),
        path: String(row.path),
        line,
        text: text.trim().slice(0, 200),
        definition: definedAt.get(fileId, name, line) !== undefined,
      };
      if (symbol) hit.symbol = { name: String(symbol.name), kind: String(symbol.kind) };
      hits.push(hit);
      if (hits.length >= limit) return hits;
    }
  }
  return hits;
}
