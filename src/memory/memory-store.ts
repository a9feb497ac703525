import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { toFtsQuery } from '../code/index.js';
import { InvalidInputError } from '../errors/index.js';
import { containsSecret, redactedText } from '../secrets/index.js';
import { migrate, openDatabase } from '../store/index.js';
import {
  type MemoryEntry,
  type MemoryKind,
  memoryEntrySchema,
  type NewMemory,
  normalizeTags,
} from './memory-entry.js';
import { memoryMigrations } from './memory-schema.js';
import { withoutStopwords } from './stopwords.js';

export interface RetentionPolicy {
  /** Keep at most this many entries; the oldest go first. */
  maxEntries?: number;
  /** Delete entries older than this many days. */
  maxAgeDays?: number;
}

export const defaultRetention: Required<RetentionPolicy> = { maxEntries: 10_000, maxAgeDays: 180 };

export interface MemoryOptions {
  db?: DatabaseSync;
  dbPath?: string;
  /** Applied after every `add`; `false` keeps everything. */
  retention?: RetentionPolicy | false;
  now?: () => number;
}

export interface MemoryFilter {
  agent?: string;
  tag?: string;
  kind?: MemoryKind;
}

export interface MemorySearchHit extends MemoryEntry {
  /** bm25 score; lower is more relevant. */
  score: number;
  snippet: string;
}

export interface MemoryContext {
  entries: MemorySearchHit[];
  /** Ready to put in an agent's prompt; empty when nothing relevant was found. */
  text: string;
  estimatedTokens: number;
}

export interface ImportReport {
  imported: number;
  /** Entries already present with the same id and the same fields. */
  unchanged: number;
  /** Entries whose id was taken by a different entry: stored under a new id. */
  renumbered: number;
}

/** The agent memory API shared by `ax memory`, the agent tool `memory` and the agent runtime. */
export interface Memory {
  readonly db: DatabaseSync;
  add(entry: NewMemory): MemoryEntry;
  get(id: number): MemoryEntry | undefined;
  search(query: string, options?: MemoryFilter & { limit?: number }): MemorySearchHit[];
  list(options?: MemoryFilter & { limit?: number; offset?: number }): MemoryEntry[];
  remove(id: number): boolean;
  clear(filter?: MemoryFilter): number;
  exportAll(): MemoryEntry[];
  importEntries(entries: readonly unknown[]): ImportReport;
  prune(policy?: RetentionPolicy): number;
  /** The most relevant memories for a task, within a count and a token budget, formatted for a prompt. */
  contextFor(request: { task: string; agent?: string; limit?: number; maxTokens?: number }): MemoryContext;
  /** Records how an agent run ended, so later runs of similar tasks can learn from it. */
  recordOutcome(outcome: {
    agent: string;
    task: string;
    runId: string;
    status: string;
    summary: string;
  }): MemoryEntry;
  count(filter?: MemoryFilter): number;
  close(): void;
}

const columns = 'id, agent, task, content, tags, source_run, kind, created_at, updated_at';

export function createMemory(options: MemoryOptions = {}): Memory {
  if (!options.db && !options.dbPath)
    throw new InvalidInputError('createMemory needs a database: pass { db } or { dbPath }');
  const ownsDatabase = !options.db;
  const db = options.db ?? openDatabase(options.dbPath as string);
  migrate(db, 'memory', memoryMigrations);
  const now = options.now ?? Date.now;
  const retention = options.retention === false ? undefined : { ...defaultRetention, ...options.retention };

  const insert = db.prepare(
    `INSERT INTO memory_entries (agent, task, content, tags, source_run, kind, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`,
  );
  const insertWithId = db.prepare(
    `INSERT INTO memory_entries (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectById = db.prepare(`SELECT ${columns} FROM memory_entries WHERE id = ?`);

  const memory: Memory = {
    db,
    add(entry) {
      const content = entry.content.trim();
      if (!content) throw new InvalidInputError('a memory needs content; give the text to remember');
      refuseSecrets(entry.task ?? '', content, ...(entry.tags ?? []));
      const stamp = now();
      const row = insert.get(
        entry.agent ?? '',
        entry.task ?? '',
        content,
        normalizeTags(entry.tags ?? []).join(' '),
        entry.sourceRun ?? null,
        entry.kind ?? 'note',
        stamp,
        stamp,
      );
      const created = toEntry(row as Record<string, SQLInputValue>);
      if (retention) memory.prune(retention);
      return created;
    },
    get(id) {
      const row = selectById.get(id);
      return row ? toEntry(row) : undefined;
    },
    search(query, searchOptions = {}) {
      const limit = clampLimit(searchOptions.limit ?? 10);
      // Natural-language queries: any word may match; bm25 puts entries matching more (and rarer) words first.
      const match = toFtsQuery(withoutStopwords(query), { defaultOperator: 'OR' });
      const { where, parameters } = filterSql(searchOptions, 'e');
      const rows = db
        .prepare(
          `SELECT ${prefixed('e')}, bm25(memory_fts, 1.0, 0.6, 1.5, 0.3) AS score,
             snippet(memory_fts, 0, '[', ']', '…', 16) AS snippet
           FROM memory_fts JOIN memory_entries e ON e.id = memory_fts.rowid
           WHERE memory_fts MATCH ? ${where ? `AND ${where}` : ''}
           ORDER BY score, e.created_at DESC LIMIT ?`,
        )
        .all(match, ...parameters, limit);
      return rows.map((row) => ({ ...toEntry(row), score: Number(row.score), snippet: String(row.snippet) }));
    },
    list(listOptions = {}) {
      const { where, parameters } = filterSql(listOptions, 'e');
      const limit = clampLimit(listOptions.limit ?? 50);
      return db
        .prepare(
          `SELECT ${prefixed('e')} FROM memory_entries e ${where ? `WHERE ${where}` : ''}
           ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...parameters, limit, Math.max(0, listOptions.offset ?? 0))
        .map(toEntry);
    },
    remove(id) {
      return Number(db.prepare('DELETE FROM memory_entries WHERE id = ?').run(id).changes) > 0;
    },
    clear(filter = {}) {
      const { where, parameters } = filterSql(filter, 'memory_entries');
      return Number(
        db.prepare(`DELETE FROM memory_entries ${where ? `WHERE ${where}` : ''}`).run(...parameters).changes,
      );
    },
    exportAll() {
      return db.prepare(`SELECT ${columns} FROM memory_entries ORDER BY id`).all().map(toEntry);
    },
    importEntries(entries) {
      const report: ImportReport = { imported: 0, unchanged: 0, renumbered: 0 };
      const parsed = entries.map((raw, index) => {
        const result = memoryEntrySchema.safeParse(raw);
        if (!result.success) {
          const issue = result.error.issues[0];
          throw new InvalidInputError(
            `memory entry ${index + 1} is not valid: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? ''}; nothing was imported`,
            { code: 'invalid-memory-import' },
          );
        }
        refuseSecrets(result.data.task, result.data.content, result.data.tags.join(' '));
        return result.data;
      });
      db.exec('BEGIN IMMEDIATE');
      try {
        // Entries whose id is free keep it; those whose id is taken by a different entry are added
        // afterwards under new ids, so they cannot take an id another imported entry still needs.
        const renumber: typeof parsed = [];
        for (const entry of parsed) {
          const existing = selectById.get(entry.id);
          if (!existing) {
            insertWithId.run(entry.id, ...rowValues(entry));
            report.imported++;
          } else if (
            JSON.stringify(toEntry(existing)) ===
            JSON.stringify({ ...entry, tags: normalizeTags(entry.tags) })
          ) {
            report.unchanged++;
          } else {
            renumber.push(entry);
          }
        }
        for (const entry of renumber) {
          insert.get(...rowValues(entry));
          report.imported++;
          report.renumbered++;
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return report;
    },
    prune(policy = retention ?? {}) {
      let removed = 0;
      if (policy.maxAgeDays !== undefined) {
        const cutoff = now() - policy.maxAgeDays * 86_400_000;
        removed += Number(db.prepare('DELETE FROM memory_entries WHERE created_at < ?').run(cutoff).changes);
      }
      if (policy.maxEntries !== undefined) {
        removed += Number(
          db
            .prepare(
              `DELETE FROM memory_entries WHERE id IN (
                 SELECT id FROM memory_entries ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)`,
            )
            .run(Math.max(0, policy.maxEntries)).changes,
        );
      }
      return removed;
    },
    contextFor(request) {
      const limit = request.limit ?? 5;
      const maxTokens = request.maxTokens ?? 1_000;
      let hits: MemorySearchHit[];
      try {
        hits = memory.search(request.task, { limit: limit * 3 });
      } catch (error) {
        // A task with no searchable words simply has no relevant memories.
        if (InvalidInputError.isInstance(error)) return { entries: [], text: '', estimatedTokens: 0 };
        throw error;
      }
      // An agent sees its own memories and shared ones (no agent), not other agents' private notes.
      const relevant = hits.filter((hit) => !request.agent || !hit.agent || hit.agent === request.agent);
      const chosen: MemorySearchHit[] = [];
      const lines: string[] = [];
      let tokens = estimateTokens('Relevant memories from earlier runs (most relevant first):');
      for (const hit of relevant) {
        if (chosen.length >= limit) break;
        const line = `- ${new Date(hit.createdAt).toISOString().slice(0, 10)}${hit.agent ? ` ${hit.agent}` : ''}${hit.task ? ` (task: ${hit.task})` : ''}: ${hit.content}`;
        const cost = estimateTokens(line);
        if (tokens + cost > maxTokens) continue;
        tokens += cost;
        chosen.push(hit);
        lines.push(line);
      }
      if (chosen.length === 0) return { entries: [], text: '', estimatedTokens: 0 };
      return {
        entries: chosen,
        text: ['Relevant memories from earlier runs (most relevant first):', ...lines].join('\n'),
        estimatedTokens: tokens,
      };
    },
    recordOutcome(outcome) {
      return memory.add({
        agent: outcome.agent,
        task: outcome.task,
        content: `${outcome.status}: ${outcome.summary}`,
        tags: ['outcome', outcome.status],
        sourceRun: outcome.runId,
        kind: 'outcome',
      });
    },
    count(filter = {}) {
      const { where, parameters } = filterSql(filter, 'memory_entries');
      const row = db
        .prepare(`SELECT count(*) AS n FROM memory_entries ${where ? `WHERE ${where}` : ''}`)
        .get(...parameters);
      return Number(row?.n ?? 0);
    },
    close() {
      if (ownsDatabase) db.close();
    },
  };
  return memory;
}

/** Roughly four characters per token, the usual rule of thumb for English text and code. */
/** Memories go back into prompts: text that holds a secret, or had one redacted, is never kept. */
function refuseSecrets(...texts: string[]): void {
  const text = texts.join('\n');
  if (containsSecret(text) || text.includes(redactedText)) {
    throw new InvalidInputError('the memory was not stored: its text holds a secret (a key or a token)', {
      code: 'memory-holds-secret',
    });
  }
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function filterSql(filter: MemoryFilter, table: string): { where: string; parameters: SQLInputValue[] } {
  const clauses: string[] = [];
  const parameters: SQLInputValue[] = [];
  if (filter.agent !== undefined) {
    clauses.push(`${table}.agent = ?`);
    parameters.push(filter.agent);
  }
  if (filter.kind !== undefined) {
    clauses.push(`${table}.kind = ?`);
    parameters.push(filter.kind);
  }
  if (filter.tag !== undefined) {
    const [tag] = normalizeTags([filter.tag]);
    clauses.push(`(' ' || ${table}.tags || ' ') LIKE ?`);
    parameters.push(`% ${tag ?? ''} %`);
  }
  return { where: clauses.join(' AND '), parameters };
}

/** The columns after `id`, in table order, for an entry read from an export. */
function rowValues(entry: Omit<MemoryEntry, 'id'>): SQLInputValue[] {
  const tags = normalizeTags(entry.tags).join(' ');
  return [
    entry.agent,
    entry.task,
    entry.content,
    tags,
    entry.sourceRun,
    entry.kind,
    entry.createdAt,
    entry.updatedAt,
  ];
}

function prefixed(alias: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

function toEntry(row: Record<string, SQLInputValue>): MemoryEntry {
  const tags = String(row.tags);
  return {
    id: Number(row.id),
    agent: String(row.agent),
    task: String(row.task),
    content: String(row.content),
    tags: tags ? tags.split(' ') : [],
    sourceRun: row.source_run === null ? null : String(row.source_run),
    kind: String(row.kind) as MemoryKind,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function clampLimit(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1)
    throw new InvalidInputError(`limit must be a positive number, not ${limit}`);
  return Math.min(Math.trunc(limit), 1_000);
}
