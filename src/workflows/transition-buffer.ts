import {
  type EventRecord,
  type LeaseFence,
  LeaseLostError,
  type StoreWrite,
  type WorkflowStore,
} from '../store/index.js';

/**
 * The writes of a run between two commits: events with their sequence numbers and execution state
 * changes, committed together (one transaction, fenced by the run's lease) when the run reaches a
 * point where they must be durable. Once the lease is lost it refuses every further write.
 */
export class TransitionBuffer {
  readonly #store: WorkflowStore;
  readonly #executionId: string;
  readonly #fence: LeaseFence | undefined;
  #writes: StoreWrite[] = [];
  #seq: number;
  #lost = false;
  #tail: Promise<void> = Promise.resolve();

  constructor(store: WorkflowStore, executionId: string, lastSeq: number, fence?: LeaseFence) {
    this.#store = store;
    this.#executionId = executionId;
    this.#seq = lastSeq;
    this.#fence = fence;
  }

  get lost(): boolean {
    return this.#lost;
  }

  /** Appends an event to the log (in memory until the next flush) and returns its sequence number. */
  event(
    type: string,
    at: number,
    stepKey?: string,
    attempt?: number,
    data?: Record<string, unknown>,
  ): number {
    const event: EventRecord = { executionId: this.#executionId, seq: ++this.#seq, type, at };
    if (stepKey !== undefined) event.stepKey = stepKey;
    if (attempt !== undefined) event.attempt = attempt;
    if (data !== undefined) event.data = data;
    this.#writes.push({ type: 'event', event });
    return event.seq;
  }

  /** Records the execution's new state, committed with the events before it. */
  state(state: string, at: number, extra: { completed?: boolean; error?: string } = {}): void {
    this.#writes.push({ type: 'execution', executionId: this.#executionId, state, at, ...extra });
  }

  /** The lease is gone: drop what is buffered and refuse every later write. */
  lose(): void {
    this.#lost = true;
    this.#writes = [];
  }

  /**
   * Commits what is buffered in one transaction, after every earlier commit of this run has landed:
   * with a pool of connections (PostgreSQL) two steps finishing at once would otherwise commit in
   * either order, and the run's last write could land before a step's completion. Resolves once all
   * of it is durable; throws LeaseLostError when the lease moved on.
   */
  async flush(): Promise<void> {
    if (this.#lost) throw new LeaseLostError(this.#executionId);
    const writes = this.#writes;
    this.#writes = [];
    const commit =
      writes.length === 0 ? this.#tail : this.#tail.then(() => this.#store.commit(writes, this.#fence));
    this.#tail = commit.catch(() => {});
    try {
      await commit;
    } catch (error) {
      if (LeaseLostError.isInstance(error) && error.code === 'lease-lost') this.lose();
      throw error;
    }
  }
}
