import type { DatabaseSync } from 'node:sqlite';
import { type SkippedPath, type WalkOptions, walkSourceFiles } from './file-walker.js';
import { IndexWriter } from './index-writer.js';
import type { ParseOutcome, ParseRequest } from './parse-source-file.js';
import { createParserPool } from './parser-pool.js';

const smallRunFiles = 32;
const commitEvery = 384;

export interface IndexOptions extends WalkOptions {
  /** Worker threads for parsing; 0 parses in this thread. Default: one per core, up to 8 (none for under 32 files). */
  workers?: number;
  /** Files per message to a worker: large enough to amortise messaging, small enough to balance load. */
  batchSize?: number;
  parseTimeoutMs?: number;
  onProgress?: (progress: IndexProgress) => void;
  /** Milliseconds since the epoch; injectable so tests control `indexed_at` and durations. */
  now?: () => number;
}

export interface IndexProgress {
  phase: 'scanning' | 'parsing' | 'removing' | 'done';
  total: number;
  done: number;
}

export interface PartialFile {
  path: string;
  warnings: string[];
}

export interface IndexReport {
  root: string;
  /** Source files found under the root (after excludes). */
  scanned: number;
  parsed: number;
  /** Files whose size and mtime, or failing those their hash, were unchanged. */
  unchanged: number;
  removed: number;
  skipped: SkippedPath[];
  partial: PartialFile[];
  workers: number;
  durationMs: number;
}

/**
 * One indexing run over `root`: walks the tree, skips files whose size and mtime are unchanged,
 * has the rest hashed and (when the hash changed) parsed in worker threads, writes the results in
 * transactions of a few hundred files, and removes files that are gone. A run that is interrupted
 * leaves every committed transaction in place; the next run picks up the rest.
 */
export async function indexCodebase(
  db: DatabaseSync,
  root: string,
  options: IndexOptions = {},
): Promise<IndexReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const writer = new IndexWriter(db);
  const progress = (phase: IndexProgress['phase'], total: number, done: number) =>
    options.onProgress?.({ phase, total, done });

  progress('scanning', 0, 0);
  const walk = walkSourceFiles(root, options);
  const stored = writer.storedFiles(root);
  const skipped: SkippedPath[] = [...walk.skipped];
  const partial: PartialFile[] = [];
  const requests: ParseRequest[] = [];
  const mtimes = new Map<string, { size: number; mtimeMs: number }>();
  let unchanged = 0;
  for (const file of walk.files) {
    const row = stored.get(file.path);
    if (row && row.size === file.size && row.mtimeMs === file.mtimeMs) {
      unchanged++;
      continue;
    }
    mtimes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs });
    const request: ParseRequest = {
      absolutePath: file.absolutePath,
      path: file.path,
      languageId: file.language.id,
    };
    if (row) request.knownHash = row.hash;
    if (options.parseTimeoutMs !== undefined) request.parseTimeoutMs = options.parseTimeoutMs;
    requests.push(request);
  }

  let parsed = 0;
  const languages = [...new Set(requests.map((request) => request.languageId))];
  // Starting a worker and loading its grammars costs more than parsing a few files in this thread.
  const workers = options.workers ?? (requests.length < smallRunFiles ? 0 : undefined);
  const pool = createParserPool({ preload: languages, ...(workers === undefined ? {} : { workers }) });
  try {
    const batchSize = options.batchSize ?? 48;
    const batches: ParseRequest[][] = [];
    for (let index = 0; index < requests.length; index += batchSize)
      batches.push(requests.slice(index, index + batchSize));
    let done = 0;
    progress('parsing', requests.length, 0);
    // Results are written in transactions of a few hundred files: each commit of the full-text tables
    // costs about as much as writing a few dozen files, so one per batch would double the write time.
    let pending: ParseOutcome[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const outcomes = pending;
      pending = [];
      const stamp = now();
      writer.transaction(() => {
        for (const outcome of outcomes) {
          const row = stored.get(outcome.path);
          if (outcome.type === 'parsed') {
            const stat = mtimes.get(outcome.path);
            writer.replaceFile(root, outcome.file, stat?.mtimeMs ?? 0, stamp);
            parsed++;
            if (outcome.file.warnings.length > 0)
              partial.push({ path: outcome.path, warnings: outcome.file.warnings });
          } else if (outcome.type === 'unchanged') {
            const stat = mtimes.get(outcome.path);
            if (row && stat) writer.touchFile(row.id, stat.size, stat.mtimeMs);
            unchanged++;
          } else {
            if (row) writer.removeFile(row.id);
            skipped.push({ path: outcome.path, reason: outcome.reason });
          }
        }
      });
    };
    const apply = (outcomes: ParseOutcome[]) => {
      pending.push(...outcomes);
      if (pending.length >= commitEvery) flush();
      done += outcomes.length;
      progress('parsing', requests.length, done);
    };
    // Keep every worker busy with one batch queued behind it; write results as they arrive.
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(1, pool.workerCount * 2);
    for (const batch of batches) {
      options.signal?.throwIfAborted();
      const task: Promise<void> = pool.parse(batch).then(apply);
      inFlight.add(task);
      void task.then(
        () => inFlight.delete(task),
        () => inFlight.delete(task),
      );
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    flush();
  } finally {
    await pool.close();
  }

  const present = new Set(walk.files.map((file) => file.path));
  const gone = [...stored.values()].filter((row) => !present.has(row.path));
  progress('removing', gone.length, 0);
  if (gone.length > 0) {
    writer.transaction(() => {
      for (const row of gone) writer.removeFile(row.id);
    });
  }
  const durationMs = now() - started;
  progress('done', walk.files.length, walk.files.length);
  return {
    root,
    scanned: walk.files.length,
    parsed,
    unchanged,
    removed: gone.length,
    skipped,
    partial,
    workers: pool.workerCount,
    durationMs,
  };
}
