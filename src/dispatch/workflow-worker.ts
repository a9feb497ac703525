import { hostname } from 'node:os';
import { type Job, Worker } from 'bullmq';
import { AutomatosxError } from '../errors/index.js';
import type { WorkflowStore } from '../store/index.js';
import type { RunState, WorkflowEngine } from '../workflows/index.js';
import type { DispatchSettings } from './dispatch-settings.js';
import { startReconciler } from './reconciler.js';
import { connectRedis, createRunQueue, type RunJobData } from './run-queue.js';

export interface WorkflowWorkerOptions {
  settings: DispatchSettings;
  store: WorkflowStore;
  /** The engine that drives a run; built with the run's workflow, so model executors load only when used. */
  engineFor: (executionId: string) => Promise<WorkflowEngine>;
  /** Runs in flight at once in this worker. */
  concurrency: number;
  name?: string;
  onLog?: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => void;
}

export interface WorkerHealth {
  status: 'ok' | 'starting' | 'closing';
  worker: string;
  queue: string;
  concurrency: number;
  active: number;
  completed: number;
  skipped: number;
  failed: number;
  redis: string;
  uptimeMs: number;
}

export interface WorkflowWorker {
  readonly name: string;
  health(): WorkerHealth;
  /**
   * Stops taking runs and waits for the ones in flight (BullMQ's graceful close). After `graceMs`
   * the promise resolves anyway, so the process can exit: its unfinished runs are handed back (their
   * job locks lapse and another worker resumes them, at the step that was in flight).
   */
  close(graceMs?: number): Promise<'drained' | 'handed-back'>;
}

/** States a worker takes a run in: queued (never started) or executing (its holder died). */
const runnable: readonly RunState[] = ['queued', 'executing'];

/**
 * An `ax worker`: a BullMQ worker whose job is "drive execution X". The run's state, steps and lease
 * are in PostgreSQL; the job only says which run. BullMQ's lock renewal and stalled-job detection
 * hand the job of a SIGKILLed worker to another one, whose engine takes the lease over (fencing the
 * old holder) and resumes: the in-flight step runs again as attempt + 1, completed steps never.
 */
export function createWorkflowWorker(options: WorkflowWorkerOptions): WorkflowWorker {
  const { settings } = options;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.onLog ?? (() => {});
  const started = Date.now();
  const counts = { completed: 0, skipped: 0, failed: 0 };
  let closing = false;
  let active = 0;
  const connection = connectRedis(settings.redisUrl);
  const queue = createRunQueue(settings);

  const worker = new Worker<RunJobData>(
    settings.queue,
    async (job: Job<RunJobData>) => {
      const { executionId } = job.data;
      active++;
      try {
        const engine = await options.engineFor(executionId);
        const result = await engine.resume(executionId, { onlyIn: runnable });
        counts.completed++;
        return { state: result.state };
      } catch (error) {
        // Someone else has it, or it finished meanwhile: the job is done, the run is in good hands.
        if (
          AutomatosxError.isInstance(error) &&
          ['execution-leased', 'execution-not-resumable', 'lease-lost'].includes(error.code)
        ) {
          counts.skipped++;
          log('info', { executionId, reason: error.code }, `run ${executionId} left alone: ${error.message}`);
          return { skipped: error.code };
        }
        counts.failed++;
        throw error;
      } finally {
        active--;
      }
    },
    {
      connection,
      prefix: settings.prefix,
      concurrency: options.concurrency,
      name,
      lockDuration: settings.lockMs,
      lockRenewTime: settings.lockRenewMs,
      stalledInterval: settings.stalledIntervalMs,
      // A run is never given up because workers died under it: each stall hands it to another worker.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      drainDelay: 1,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    },
  );
  worker.on('error', (error) => log('warn', { error: error.message }, 'queue error'));
  worker.on('failed', (job, error) =>
    log('error', { executionId: job?.data.executionId, error: error.message }, 'run failed in worker'),
  );
  worker.on('stalled', (jobId) =>
    log(
      'warn',
      { executionId: jobId },
      `run ${jobId} stalled (its worker died); handing it to another worker`,
    ),
  );

  const reconciler = startReconciler({
    store: options.store,
    enqueue: (id) => queue.enqueue(id),
    intervalMs: settings.reconcileIntervalMs,
    onRequeue: (ids) => log('info', { executionIds: ids }, `re-enqueued ${ids.length} run(s) held by no one`),
    onError: (error) =>
      log('warn', { error: error instanceof Error ? error.message : String(error) }, 'reconcile failed'),
  });

  return {
    name,
    health() {
      return {
        status: closing ? 'closing' : worker.isRunning() ? 'ok' : 'starting',
        worker: name,
        queue: settings.queue,
        concurrency: options.concurrency,
        active,
        ...counts,
        redis: connection.status,
        uptimeMs: Date.now() - started,
      };
    },
    async close(graceMs = 30_000) {
      closing = true;
      reconciler.stop();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'handed-back'>((resolve) => {
        timer = setTimeout(() => resolve('handed-back'), graceMs);
      });
      const outcome = await Promise.race([worker.close().then(() => 'drained' as const), expired]);
      clearTimeout(timer);
      if (outcome === 'drained') {
        await queue.close();
        connection.disconnect();
      }
      return outcome;
    },
  };
}
