import type { DatabaseSync } from 'node:sqlite';
import { wordsOf } from './fts-query.js';

/** How many matches of a query are ranked with bm25 at most; past that, ranking every match costs more than 5 ms. */
export const rankedCandidates = 256;

export interface RankedMatch {
  rowid: number;
  score: number;
}

/**
 * The best `limit` rows of an FTS5 table for `match`, best first, without ranking every match of very
 * common terms. A query with at most `rankedCandidates` matches is ranked in full. Otherwise bm25 ranks
 * the first `rankedCandidates` matches, plus the rows where the words the person typed form one
 * identifier (`{words}: "parse config"` for `parse config`, the whole token `inv` for `inv*`): those
 * come first, so the thing asked about is not lost among the bounded candidates.
 */
export function rankedMatches(
  db: DatabaseSync,
  table: 'code_chunks_fts' | 'code_symbols_fts',
  rank: string,
  match: string,
  input: string,
  limit: number,
): RankedMatch[] {
  const full = bounded(db, table, rank, match, limit);
  if (full.complete) return full.rows;
  const exact = exactMatch(input);
  // Every row of `exact` matches `match` too (both words are in it; the whole token has the prefix).
  const first = exact === undefined ? [] : bounded(db, table, rank, exact, limit).rows;
  const seen = new Set(first.map((row) => row.rowid));
  return [...first, ...full.rows.filter((row) => !seen.has(row.rowid))].slice(0, limit);
}

/**
 * Ranks the first `rankedCandidates` matches (in rowid order, which FTS5 yields without sorting);
 * `complete` when that is all of them. (A `rowid < cutoff` constraint instead is slow for prefix queries.)
 */
function bounded(db: DatabaseSync, table: string, rank: string, match: string, limit: number) {
  const candidates = db
    .prepare(`SELECT rowid, ${rank} AS score FROM ${table} WHERE ${table} MATCH ? LIMIT ?`)
    .all(match, rankedCandidates + 1)
    .map((row) => ({ rowid: Number(row.rowid), score: Number(row.score) }));
  const complete = candidates.length <= rankedCandidates;
  if (!complete) candidates.pop();
  candidates.sort((a, b) => a.score - b.score || a.rowid - b.rowid);
  return { rows: candidates.slice(0, limit), complete };
}

/** The FTS5 expression for "these words are one identifier", for plain queries (no quotes, no operators). */
function exactMatch(input: string): string | undefined {
  const terms = input.trim().split(/\s+/);
  if (terms.some((term) => /^(AND|OR|NOT)$/.test(term) || term.includes('"'))) return undefined;
  if (terms.length === 1 && terms[0]?.endsWith('*')) {
    const parts = wordsOf(terms[0]);
    return parts.length === 1 ? `"${parts[0]}"` : undefined;
  }
  const parts = terms.flatMap((term) => (term.endsWith('*') ? [] : wordsOf(term)));
  return parts.length >= 2 && parts.length === terms.length ? `{words}: "${parts.join(' ')}"` : undefined;
}
