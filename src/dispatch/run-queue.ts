import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DispatchSettings } from './dispatch-settings.js';

/** What a queued job carries: only the execution id; the run itself lives in PostgreSQL. */
export interface RunJobData {
  executionId: string;
}

export interface RunQueue {
  /**
   * Queues a run for a worker. The job id is the execution id, so queueing the same run twice (the
   * submitter and a reconciler racing) leaves one job.
   */
  enqueue(executionId: string): Promise<void>;
  readonly queue: Queue<RunJobData>;
  close(): Promise<void>;
}

/** A Redis connection as BullMQ wants it (no per-command retry limit: blocking calls wait out reconnects). */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  // Reconnects are automatic; a refused connection is reported by the commands that need it.
  redis.on('error', () => {});
  return redis;
}

export function createRunQueue(settings: DispatchSettings): RunQueue {
  const connection = connectRedis(settings.redisUrl);
  const queue = new Queue<RunJobData>(settings.queue, {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: {
      removeOnComplete: true,
      removeOnFail: true,
      attempts: 3,
      backoff: { type: 'exponential', delay: 200 },
    },
  });
  queue.on('error', () => {});
  return {
    queue,
    async enqueue(executionId) {
      await queue.add('run', { executionId }, { jobId: executionId });
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
