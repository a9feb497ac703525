import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ParsedFile } from './parse-source-file.js';

export interface StoredFileRow {
  id: number;
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

/** The write side of the code index: every change to one file is a handful of prepared statements. */
export class IndexWriter {
  private readonly statements: Record<string, StatementSync>;

  constructor(private readonly db: DatabaseSync) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      files: prepare('SELECT id, path, hash, size, mtime_ms FROM code_files WHERE root = ?'),
      upsertFile:
        prepare(`INSERT INTO code_files (root, path, language, hash, size, mtime_ms, line_count, warning, indexed_at, refs)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (root, path) DO UPDATE SET language = excluded.language, hash = excluded.hash, size = excluded.size,
          mtime_ms = excluded.mtime_ms, line_count = excluded.line_count, warning = excluded.warning, indexed_at = excluded.indexed_at,
          refs = excluded.refs
        RETURNING id`),
      touchFile: prepare('UPDATE code_files SET size = ?, mtime_ms = ? WHERE id = ?'),
      deleteSymbolText: prepare(
        'DELETE FROM code_symbols_fts WHERE rowid IN (SELECT id FROM code_symbols WHERE file_id = ?)',
      ),
      deleteChunkText: prepare(
        'DELETE FROM code_chunks_fts WHERE rowid IN (SELECT id FROM code_chunks WHERE file_id = ?)',
      ),
      deleteSymbols: prepare('DELETE FROM code_symbols WHERE file_id = ?'),
      deleteChunks: prepare('DELETE FROM code_chunks WHERE file_id = ?'),
      deleteFile: prepare('DELETE FROM code_files WHERE id = ?'),
      insertSymbol:
        prepare(`INSERT INTO code_symbols (file_id, name, kind, start_line, end_line, signature, doc, container)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertSymbolText: prepare(
        'INSERT INTO code_symbols_fts (rowid, name, words, signature, doc) VALUES (?, ?, ?, ?, ?)',
      ),
      insertChunk: prepare(
        'INSERT INTO code_chunks (file_id, start_line, end_line, content) VALUES (?, ?, ?, ?)',
      ),
      insertChunkText: prepare('INSERT INTO code_chunks_fts (rowid, content, words) VALUES (?, ?, ?)'),
    };
  }

  storedFiles(root: string): Map<string, StoredFileRow> {
    const rows = new Map<string, StoredFileRow>();
    for (const row of this.statement('files').all(root)) {
      rows.set(String(row.path), {
        id: Number(row.id),
        path: String(row.path),
        hash: String(row.hash),
        size: Number(row.size),
        mtimeMs: Number(row.mtime_ms),
      });
    }
    return rows;
  }

  /** Runs `work` in one write transaction (BEGIN IMMEDIATE, so a second writer waits instead of failing later). */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  replaceFile(root: string, file: ParsedFile, mtimeMs: number, now: number): void {
    const warning = file.warnings.length > 0 ? file.warnings.join('; ') : null;
    const row = this.statement('upsertFile').get(
      root,
      file.path,
      file.languageId,
      file.hash,
      file.size,
      mtimeMs,
      file.lineCount,
      warning,
      now,
      file.refs,
    );
    const fileId = Number(row?.id);
    // Cleared by the id the upsert returns, not the one read before the pass: another indexer may have
    // written this file since, and inside this transaction its rows are ours to replace.
    this.clearContents(fileId);
    const insertSymbol = this.statement('insertSymbol');
    const insertSymbolText = this.statement('insertSymbolText');
    for (const symbol of file.symbols) {
      const { lastInsertRowid } = insertSymbol.run(
        fileId,
        symbol.name,
        symbol.kind,
        symbol.startLine,
        symbol.endLine,
        symbol.signature,
        symbol.doc,
        symbol.container,
      );
      insertSymbolText.run(lastInsertRowid, symbol.name, symbol.words, symbol.signature, symbol.doc);
    }
    const insertChunk = this.statement('insertChunk');
    const insertChunkText = this.statement('insertChunkText');
    for (const chunk of file.chunks) {
      const { lastInsertRowid } = insertChunk.run(fileId, chunk.startLine, chunk.endLine, chunk.content);
      insertChunkText.run(lastInsertRowid, chunk.content, chunk.words);
    }
  }

  touchFile(id: number, size: number, mtimeMs: number): void {
    this.statement('touchFile').run(size, mtimeMs, id);
  }

  removeFile(id: number): void {
    this.clearContents(id);
    this.statement('deleteFile').run(id);
  }

  private clearContents(fileId: number): void {
    this.statement('deleteSymbolText').run(fileId);
    this.statement('deleteChunkText').run(fileId);
    this.statement('deleteSymbols').run(fileId);
    this.statement('deleteChunks').run(fileId);
  }

  private statement(name: string): StatementSync {
    const statement = this.statements[name];
    if (!statement) throw new Error(`no prepared statement ${name}`);
    return statement;
  }
}
