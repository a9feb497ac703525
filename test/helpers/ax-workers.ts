import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { startCli } from './cli.js';
import { postgresUrl, redisUrl, uniqueServiceName } from './services.js';

/**
 * Everything one dispatch test needs to be alone on the shared PostgreSQL and Redis: its own schema,
 * queue and key prefix, passed explicitly in each child's environment (DATABASE_URL/REDIS_URL are
 * not inherited by tests; see service-env.ts).
 */
export function dispatchEnvironment(name: string, extra: NodeJS.ProcessEnv = {}) {
  const id = uniqueServiceName(name);
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: `${postgresUrl}${postgresUrl!.includes('?') ? '&' : '?'}schema=${id}`,
    REDIS_URL: redisUrl!,
    AX_QUEUE: id,
    AX_QUEUE_PREFIX: `axtest_${id}`,
    ...extra,
  };
  return { id, env };
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
}

/** Starts `ax worker` in its own process group (so SIGKILL takes its steps' processes too). */
export function startWorker(env: NodeJS.ProcessEnv, args: string[] = [], cwd?: string): WorkerProcess {
  const child = startCli(['worker', ...args], { env, ...(cwd === undefined ? {} : { cwd }) });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return { child, output: () => output, exited: once(child, 'exit') };
}

/** Waits until a worker has said it is taking runs. */
export async function workerReady(worker: WorkerProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!worker.output().includes('taking runs from queue')) {
    if (Date.now() > deadline || worker.child.exitCode !== null)
      throw new Error(`worker did not start:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function killGroup(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-worker.child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Empties this test's part of Redis, as a Redis restart without persistence would. */
export async function flushQueueKeys(prefix: string): Promise<number> {
  const redis = new Redis(redisUrl!);
  try {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
