import { availableParallelism } from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { preloadGrammars } from './grammar-loader.js';
import { languageById } from './language-registry.js';
import { type ParseOutcome, type ParseRequest, parseSourceFile } from './parse-source-file.js';
import type { ParseBatch, ParseBatchResult } from './parse-worker.js';

/** Parses batches of files, in worker threads when there is more than one core to use. */
export interface ParserPool {
  readonly workerCount: number;
  parse(requests: ParseRequest[]): Promise<ParseOutcome[]>;
  close(): Promise<void>;
}

/** Workers to use by default: one per core, keeping one for the thread that writes the index. */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores <= 1 ? 0 : Math.min(cores, 8);
}

export interface ParserPoolOptions {
  workers?: number;
  /** Language ids the run will need, loaded by each thread before its first file. */
  preload?: readonly string[];
  /** Each parser thread's JavaScript heap (default: `parserHeapLimits`). */
  heapLimits?: ResourceLimits;
}

export function createParserPool(options: ParserPoolOptions = {}): ParserPool {
  const count = options.workers ?? defaultWorkerCount();
  const preload = [...(options.preload ?? [])];
  if (count <= 0) return inThreadPool(preload);
  return new WorkerParserPool(count, preload, options.heapLimits ?? parserHeapLimits);
}

function inThreadPool(preload: string[]): ParserPool {
  let preloaded: Promise<void> | undefined;
  return {
    workerCount: 0,
    async parse(requests) {
      preloaded ??= preloadGrammars(preload.flatMap((id) => languageById(id) ?? []));
      await preloaded;
      const outcomes: ParseOutcome[] = [];
      for (const request of requests) outcomes.push(await parseSourceFile(request));
      return outcomes;
    },
    async close() {},
  };
}

interface Job {
  batch: ParseBatch;
  resolve: (outcomes: ParseOutcome[]) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

class WorkerParserPool implements ParserPool {
  readonly workerCount: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  private readonly preloaded = new WeakSet<Worker>();

  constructor(
    count: number,
    private readonly preload: string[],
    private readonly heapLimits: ResourceLimits,
  ) {
    this.workerCount = count;
    for (let index = 0; index < count; index++) this.slots.push(this.spawn());
  }

  parse(requests: ParseRequest[]): Promise<ParseOutcome[]> {
    if (this.closed) return Promise.reject(new Error('the parser pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ batch: { id: this.nextId++, requests }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.heapLimits), job: undefined };
    slot.worker.on('message', (result: ParseBatchResult) => {
      const job = slot.job;
      slot.job = undefined;
      if (job && job.batch.id === result.id) job.resolve(result.outcomes);
      this.dispatch();
    });
    const fail = (reason: string) => {
      // A crashed worker (out of memory, a grammar bug) costs the file that did it, never the run.
      const job = slot.job;
      slot.job = undefined;
      if (job && job.batch.requests.length > 1 && !this.closed) {
        // Find the file that did it: its batch-mates are parsed again one by one.
        this.retryOneByOne(job);
      } else if (job) {
        job.resolve(
          job.batch.requests.map((request) => ({
            type: 'skipped',
            path: request.path,
            reason: `parser crashed: ${reason}`,
          })),
        );
      }
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    };
    slot.worker.on('error', (error) => fail(error instanceof Error ? error.message : String(error)));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(`worker exited with code ${code}`);
    });
    return slot;
  }

  private retryOneByOne(job: Job): void {
    const single = (request: ParseRequest) =>
      new Promise<ParseOutcome[]>((resolve) =>
        this.queue.unshift({ batch: { id: this.nextId++, requests: [request] }, resolve }),
      );
    void Promise.all(job.batch.requests.map(single)).then((outcomes) => job.resolve(outcomes.flat()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      if (this.preloaded.has(slot.worker) || this.preload.length === 0) {
        slot.worker.postMessage(job.batch);
      } else {
        this.preloaded.add(slot.worker);
        slot.worker.postMessage({ ...job.batch, preload: this.preload } satisfies ParseBatch);
      }
    }
  }
}

/**
 * A parser thread's JavaScript heap. Query matches, chunks and identifier words are short-lived, but
 * with V8's default limits each thread's heap grew past 100 MB before collecting; capped, it collects
 * sooner for the same CPU. Measured on a 1,255-file mixed tree (zod, yaml, commander, this repository's
 * src/) with 2 threads: peak RSS 324 → 237 MB. An 885 KB TypeScript file still parses within the cap;
 * a thread that runs out of heap anyway costs that one file, never the run (see `fail` above).
 */
export const parserHeapLimits: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/**
 * Starts the worker from the compiled `.js` file, or, when running from TypeScript sources (tests,
 * `node src/…`), from the `.ts` file with a resolve hook that maps the `.js` import specifiers of
 * the sources to their `.ts` files; Node strips the types itself.
 */
function startWorker(resourceLimits: ResourceLimits): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  if (!fromSources) return new Worker(url, { resourceLimits });
  const bootstrap = `
const { registerHooks } = require('node:module');
registerHooks({
  resolve(specifier, context, next) {
    try { return next(specifier, context); } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
      throw error;
    }
  },
});
import(${JSON.stringify(url.href)});`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
