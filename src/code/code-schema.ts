import type { Migration } from '../store/index.js';

/**
 * Tables of the `code` component. The FTS5 tables are contentless (the text lives in code_chunks and
 * code_symbols) with `contentless_delete` so rows can be removed by rowid when a file changes.
 * `tokenchars '_'` keeps snake_case identifiers whole; the `words` columns hold their parts.
 */
export const codeMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'files, symbols, chunks and their full-text indexes',
    sql: `
CREATE TABLE code_files (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  path TEXT NOT NULL,
  language TEXT NOT NULL,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  line_count INTEGER NOT NULL,
  warning TEXT,
  indexed_at INTEGER NOT NULL,
  UNIQUE (root, path)
) STRICT;
CREATE TABLE code_symbols (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES code_files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  signature TEXT NOT NULL,
  doc TEXT NOT NULL,
  container TEXT NOT NULL
) STRICT;
CREATE INDEX code_symbols_by_name ON code_symbols (name COLLATE NOCASE);
CREATE INDEX code_symbols_by_file ON code_symbols (file_id);
CREATE TABLE code_chunks (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES code_files(id) ON DELETE CASCADE,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  content TEXT NOT NULL
) STRICT;
CREATE INDEX code_chunks_by_file ON code_chunks (file_id);
CREATE VIRTUAL TABLE code_symbols_fts USING fts5(
  name, words, signature, doc,
  content = '', contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
);
CREATE VIRTUAL TABLE code_chunks_fts USING fts5(
  content, words,
  content = '', contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
);
`,
  },
  {
    version: 2,
    name: 'names each file mentions, for the repository map',
    // Files indexed before this column existed are parsed again on the next run (their size no longer matches).
    sql: `
ALTER TABLE code_files ADD COLUMN refs TEXT NOT NULL DEFAULT '';
UPDATE code_files SET size = -1, hash = '';
`,
  },
];
