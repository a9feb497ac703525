import { hostname } from 'node:os';
import type { ExecutionRecord, WorkflowStore } from '../store/index.js';
import { isLeaseLive } from '../workflows/index.js';

export interface AutoResumerOptions {
  store: WorkflowStore;
  /** Starts the resume in the background; rejects when the execution cannot be taken. */
  resume: (executionId: string) => Promise<unknown>;
  /** How often the store is searched for orphaned runs after the first look at start (default 5 s). */
  intervalMs?: number;
  now?: () => number;
  onResumed?: (executionId: string, deadHolder: { pid: number; host: string } | undefined) => void;
  onError?: (executionId: string, error: unknown) => void;
}

export const autoResumedEvent = 'workflow_auto_resumed';

/**
 * Resumes executions whose holder has died: the process holding the lease is gone from this host, or
 * its lease expired elsewhere (the rules of run-lease.ts). Each death is acted on once, by one server:
 * the `workflow_auto_resumed` event naming the dead holder is written at the next sequence number, so
 * of several servers racing, the store lets exactly one append it, and none acts on that death again.
 */
export class AutoResumer {
  readonly #o: AutoResumerOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #scanning: Promise<string[]> | undefined;

  constructor(options: AutoResumerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Looks once now, then every `intervalMs`. */
  start(): Promise<string[]> {
    this.#timer ??= setInterval(() => void this.scan(), this.#o.intervalMs ?? 5_000);
    this.#timer.unref();
    return this.scan();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One look: resumes every orphaned top-level execution; returns the ids it resumed. */
  scan(): Promise<string[]> {
    this.#scanning ??= this.#scan().finally(() => {
      this.#scanning = undefined;
    });
    return this.#scanning;
  }

  async #scan(): Promise<string[]> {
    const resumed: string[] = [];
    const executing = await this.#o.store.listExecutions({
      state: 'executing',
      parentExecutionId: null,
      limit: 1_000,
    });
    for (const execution of executing) {
      if (!this.#orphaned(execution)) continue;
      try {
        if (await this.#claim(execution)) {
          await this.#o.resume(execution.id);
          resumed.push(execution.id);
          const holder = execution.lease;
          this.#o.onResumed?.(execution.id, holder ? { pid: holder.pid, host: holder.host } : undefined);
        }
      } catch (error) {
        this.#o.onError?.(execution.id, error);
      }
    }
    return resumed;
  }

  #orphaned(execution: ExecutionRecord): boolean {
    // A run without a lease is between owners only for a moment; one whose last change is a lease
    // period old was left by an engine that stopped without finishing it.
    if (!execution.lease) return execution.updatedAt < this.#now() - 30_000;
    return !isLeaseLive(execution.lease, this.#now());
  }

  /** Appends the event that claims this death; false when it was claimed already (here or elsewhere). */
  async #claim(execution: ExecutionRecord): Promise<boolean> {
    const death = execution.lease?.owner ?? `unleased@${execution.updatedAt}`;
    const events = await this.#o.store.getEvents(execution.id);
    if (events.some((event) => event.type === autoResumedEvent && event.data?.death === death)) return false;
    const seq = (events.at(-1)?.seq ?? 0) + 1;
    const holder = execution.lease;
    try {
      await this.#o.store.commit([
        {
          type: 'event',
          event: {
            executionId: execution.id,
            seq,
            type: autoResumedEvent,
            at: this.#now(),
            data: {
              death,
              ...(holder ? { deadHolder: { pid: holder.pid, host: holder.host } } : {}),
              by: { pid: process.pid, host: hostname() },
            },
          },
        },
      ]);
      return true;
    } catch {
      // Another server appended at this sequence number first: that server resumes it.
      return false;
    }
  }
}
