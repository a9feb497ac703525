import type { Migration } from '../store/index.js';

/**
 * Tables of the `memory` component. The FTS5 table indexes the entries table as external content,
 * kept in step by triggers, with the Porter stemmer so "retries" finds "retry".
 */
export const memoryMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'memory entries and their full-text index',
    sql: `
CREATE TABLE memory_entries (
  id INTEGER PRIMARY KEY,
  agent TEXT NOT NULL,
  task TEXT NOT NULL,
  content TEXT NOT NULL,
  tags TEXT NOT NULL,
  source_run TEXT,
  kind TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX memory_entries_by_created ON memory_entries (created_at);
CREATE INDEX memory_entries_by_agent ON memory_entries (agent, created_at);
CREATE VIRTUAL TABLE memory_fts USING fts5(
  content, task, tags, agent,
  content = 'memory_entries', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER memory_entries_ai AFTER INSERT ON memory_entries BEGIN
  INSERT INTO memory_fts (rowid, content, task, tags, agent) VALUES (new.id, new.content, new.task, new.tags, new.agent);
END;
CREATE TRIGGER memory_entries_ad AFTER DELETE ON memory_entries BEGIN
  INSERT INTO memory_fts (memory_fts, rowid, content, task, tags, agent)
  VALUES ('delete', old.id, old.content, old.task, old.tags, old.agent);
END;
CREATE TRIGGER memory_entries_au AFTER UPDATE ON memory_entries BEGIN
  INSERT INTO memory_fts (memory_fts, rowid, content, task, tags, agent)
  VALUES ('delete', old.id, old.content, old.task, old.tags, old.agent);
  INSERT INTO memory_fts (rowid, content, task, tags, agent) VALUES (new.id, new.content, new.task, new.tags, new.agent);
END;
`,
  },
];
