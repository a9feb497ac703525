import type { LoadedWorkflow, RequeuedExecution, WorkflowEngine } from '../workflows/index.js';
import type { DispatchSettings } from './dispatch-settings.js';
import { createRunQueue } from './run-queue.js';

/** Hands runs to `ax worker` processes instead of running them here (scale-out: REDIS_URL with PostgreSQL). */
export interface RunDispatch {
  /** Stores the run as queued (WorkflowEngine.submit) and queues its id; returns the id. */
  submit(loaded: LoadedWorkflow, inputs: Record<string, unknown>): Promise<string>;
  /** Hands an execution back to the workers (WorkflowEngine.requeue) and queues its id. */
  resume(id: string): Promise<RequeuedExecution>;
  /** Queue depth and the workers listening. */
  stats(): Promise<{ depth: number; workers: number }>;
  close(): Promise<void>;
}

export interface RunDispatchOptions {
  /**
   * Told when an id could not be queued in Redis (default: ignored). It is not lost work: the
   * workers' reconciler queues stored runs too.
   */
  onEnqueueError?: (executionId: string, error: unknown) => void;
}

/** The one place runs are submitted or requeued and then queued for workers (CLI, HTTP server, MCP). */
export function createRunDispatch(
  settings: DispatchSettings,
  engine: WorkflowEngine,
  options: RunDispatchOptions = {},
): RunDispatch {
  const queue = createRunQueue(settings);
  const enqueue = async (executionId: string) => {
    try {
      await queue.enqueue(executionId);
    } catch (error) {
      options.onEnqueueError?.(executionId, error);
    }
  };
  return {
    async submit(loaded, inputs) {
      const executionId = await engine.submit(loaded, { inputs });
      await enqueue(executionId);
      return executionId;
    },
    async resume(id) {
      const requeued = await engine.requeue(id);
      await enqueue(requeued.executionId);
      return requeued;
    },
    async stats() {
      const [counts, workers] = await Promise.all([
        queue.queue.getJobCounts('waiting', 'delayed', 'prioritized'),
        queue.queue.getWorkers(),
      ]);
      return { depth: Object.values(counts).reduce((sum, count) => sum + count, 0), workers: workers.length };
    },
    close: () => queue.close(),
  };
}
