import { InvalidInputError } from '../errors/index.js';

/** Where runs are queued and how workers hold them. Every duration is configurable; defaults favour fast recovery. */
export interface DispatchSettings {
  redisUrl: string;
  /** BullMQ queue name (`--queue`, `AX_QUEUE`, default `automatosx`). */
  queue: string;
  /** Redis key prefix (`AX_QUEUE_PREFIX`, default `ax`). */
  prefix: string;
  /** A job's lock in Redis; a SIGKILLed worker's job is handed to another once it lapses (`AX_WORKER_LOCK_MS`). */
  lockMs: number;
  /** How often a live worker renews its jobs' locks, well inside `lockMs` (`AX_WORKER_LOCK_RENEW_MS`, default a third of it). */
  lockRenewMs: number;
  /** How often workers look for stalled jobs (`AX_WORKER_STALLED_MS`). */
  stalledIntervalMs: number;
  /** A run's lease in the store; a holder on another host counts as dead once it lapses (`AX_LEASE_MS`). */
  leaseMs: number;
  /** How often a worker re-enqueues runs that are due but held by no one (`AX_RECONCILE_MS`). */
  reconcileIntervalMs: number;
}

export const defaultDispatch = {
  queue: 'automatosx',
  prefix: 'ax',
  // A SIGKILLed worker's run moves on within ~lock + stalled check (< 0.5 s); a live worker renews
  // its locks three times per lock, so ~200 ms of event-loop or Redis delay still does not stall it.
  lockMs: 300,
  stalledIntervalMs: 100,
  leaseMs: 3_000,
  reconcileIntervalMs: 1_000,
} as const;

/**
 * Runs are dispatched to workers when `REDIS_URL` is set and the store is PostgreSQL (a worker on
 * another machine cannot reach an SQLite file). Returns undefined when runs stay in-process.
 */
export function resolveDispatchSettings(
  env: NodeJS.ProcessEnv = process.env,
  flags: { queue?: string } = {},
): DispatchSettings | undefined {
  const redisUrl = env.REDIS_URL;
  if (!redisUrl) return undefined;
  if (!/^rediss?:\/\//i.test(redisUrl)) {
    throw new InvalidInputError(`REDIS_URL must be a redis:// or rediss:// URL, got '${redisUrl}'`, {
      code: 'redis-url-invalid',
    });
  }
  if (!/^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? '')) return undefined;
  const lockMs = duration(env, 'AX_WORKER_LOCK_MS', defaultDispatch.lockMs);
  return {
    redisUrl,
    queue: flags.queue ?? env.AX_QUEUE ?? defaultDispatch.queue,
    prefix: env.AX_QUEUE_PREFIX ?? defaultDispatch.prefix,
    lockMs,
    lockRenewMs: duration(env, 'AX_WORKER_LOCK_RENEW_MS', Math.max(10, Math.floor(lockMs / 3))),
    stalledIntervalMs: duration(env, 'AX_WORKER_STALLED_MS', defaultDispatch.stalledIntervalMs),
    leaseMs: duration(env, 'AX_LEASE_MS', defaultDispatch.leaseMs),
    reconcileIntervalMs: duration(env, 'AX_RECONCILE_MS', defaultDispatch.reconcileIntervalMs),
  };
}

function duration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 10) {
    throw new InvalidInputError(`${name} must be a whole number of milliseconds ≥ 10, got '${text}'`, {
      code: 'dispatch-setting-invalid',
    });
  }
  return value;
}
