import type { WorkflowStore } from '../store/index.js';

export interface ReconcilerOptions {
  store: WorkflowStore;
  enqueue: (executionId: string) => Promise<void>;
  intervalMs: number;
  now?: () => number;
  /** Called with what went wrong in one pass (the next pass tries again). */
  onError?: (error: unknown) => void;
  /** Called with the ids re-enqueued in one pass, when there were any. */
  onRequeue?: (executionIds: string[]) => void;
}

export interface Reconciler {
  /** One pass: re-enqueues every run that was due but held by no one in this pass and the last. */
  reconcile(): Promise<string[]>;
  stop(): void;
}

/**
 * PostgreSQL is the source of truth, Redis only a wake-up list: a commit can land without its enqueue
 * (a crash in between) and Redis can be emptied (restart without persistence, flush). Every pass
 * re-enqueues runs that are queued or executing while no process holds their lease. Enqueueing is
 * idempotent (job id = execution id), and a worker given a run someone else holds leaves it alone,
 * so a spare enqueue costs one no-op job.
 */
export function startReconciler(options: ReconcilerOptions): Reconciler {
  const now = options.now ?? Date.now;
  let running = false;
  // A run seen unheld in two passes in a row is stuck; one seen once may be a submission whose
  // enqueue is under way or a worker between taking the job and the lease.
  let seen = new Set<string>();
  const reconcile = async (): Promise<string[]> => {
    const unheld = await options.store.findUnheldExecutions(now(), 500);
    const stuck = unheld.filter((id) => seen.has(id));
    seen = new Set(unheld);
    for (const id of stuck) await options.enqueue(id);
    if (stuck.length > 0) options.onRequeue?.(stuck);
    return stuck;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcile()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return { reconcile, stop: () => clearInterval(timer) };
}
