import type { WorkflowStore } from '../store/index.js';

export type ChangeListener = (executionId: string) => void;

export interface EventFeedOptions {
  store: WorkflowStore;
  /** How often the store is read for runs other processes are driving (default 250 ms). */
  pollIntervalMs?: number;
  now?: () => number;
}

/**
 * Tells subscribers which executions have new events in the store. Runs of this process announce
 * themselves at once (`notify`, from the engine's events); runs driven elsewhere (the CLI, another
 * server, a worker) are found by polling the store while anyone listens: executions executing, or
 * updated since the last look, whose last event number moved. Readers then read the events themselves
 * from the store, so what a client receives is exactly the durable log, in order, with nothing skipped.
 */
export class EventFeed {
  readonly #store: WorkflowStore;
  readonly #pollIntervalMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<ChangeListener>();
  readonly #lastSeq = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #lastPollAt = 0;
  #polling = false;

  constructor(options: EventFeedOptions) {
    this.#store = options.store;
    this.#pollIntervalMs = options.pollIntervalMs ?? 250;
    this.#now = options.now ?? Date.now;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Calls `listener` with an execution id whenever that execution may have new events. */
  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    if (this.#timer === undefined) {
      this.#lastPollAt = this.#now();
      this.#timer = setInterval(() => void this.poll(), this.#pollIntervalMs);
      this.#timer.unref();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
        this.#lastSeq.clear();
      }
    };
  }

  /** An execution of this process committed something: wake its readers now. */
  notify(executionId: string): void {
    if (this.#listeners.size === 0) return;
    for (const listener of this.#listeners) listener(executionId);
  }

  /** One look at the store for changes made by other processes. */
  async poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      // Clocks of other hosts may lag ours a little: look back a few seconds.
      const since = this.#lastPollAt - 5_000;
      this.#lastPollAt = this.#now();
      const [executing, updated] = await Promise.all([
        this.#store.listExecutions({ state: 'executing', limit: 1_000 }),
        this.#store.listExecutions({ updatedSince: since, limit: 1_000 }),
      ]);
      const ids = new Set([...executing, ...updated].map((execution) => execution.id));
      for (const id of ids) {
        const seq = await this.#store.lastEventSeq(id);
        if (this.#lastSeq.get(id) === seq) continue;
        this.#lastSeq.set(id, seq);
        this.notify(id);
      }
      for (const id of this.#lastSeq.keys()) if (!ids.has(id)) this.#lastSeq.delete(id);
    } catch {
      // A busy or briefly unreachable store delays the next look; readers keep their place.
    } finally {
      this.#polling = false;
    }
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }
}
