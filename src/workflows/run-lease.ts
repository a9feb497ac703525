import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease, WorkflowStore } from '../store/index.js';
import { isProcessAlive } from './executors/process-group.js';
import { ExecutionLeasedError } from './workflow-errors.js';

/** A new lease for this process, valid for `ttlMs` from `now`. */
export function newLease(now: number, ttlMs: number): Lease {
  return { owner: randomUUID(), pid: process.pid, host: hostname(), expiresAt: now + ttlMs };
}

/**
 * Whether the process holding a lease is still there: on this host by its pid (a `kill -9` frees the
 * run at once), elsewhere only by the lease's expiry.
 */
export function isLeaseLive(lease: Lease, now: number): boolean {
  return lease.host === hostname() ? isProcessAlive(lease.pid) : lease.expiresAt > now;
}

/** Takes the lease of an execution, from a dead holder if need be; a live holder is refused. */
export async function takeLease(
  store: WorkflowStore,
  executionId: string,
  lease: Lease,
  now: number,
): Promise<Lease> {
  let taken = await store.acquireLease(executionId, lease);
  const holder = taken.holder;
  if (!taken.acquired && holder && !isLeaseLive(holder, now)) {
    taken = await store.acquireLease(executionId, lease, holder.owner);
  }
  if (!taken.acquired) throw new ExecutionLeasedError(executionId, taken.holder ?? holder ?? lease);
  return lease;
}
