import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease, LeaseFence, WorkflowStore } from '../store/index.js';
import { isProcessAlive } from './executors/process-group.js';
import { ExecutionLeasedError } from './workflow-errors.js';

/** A new lease for this process, valid for `ttlMs` from `now`; the store assigns its fencing token. */
export function newLease(now: number, ttlMs: number): Lease {
  return { owner: randomUUID(), pid: process.pid, host: hostname(), expiresAt: now + ttlMs, token: 1 };
}

/** The fence a runner's commits carry: this execution, this owner, this token. */
export function fenceOf(executionId: string, lease: Lease): LeaseFence {
  return { executionId, owner: lease.owner, token: lease.token };
}

/**
 * Whether the process holding a lease is still there: on this host by its pid (a `kill -9` frees the
 * run at once), elsewhere only by the lease's expiry.
 */
export function isLeaseLive(lease: Lease, now: number): boolean {
  return lease.host === hostname() ? isProcessAlive(lease.pid) : lease.expiresAt > now;
}

/**
 * Takes the lease of an execution, from a dead or expired holder if need be (bumping the fencing
 * token, so a stalled holder's later commits are refused); a live holder is refused. Returns the lease
 * as stored, with its new token.
 */
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
  if (!taken.acquired || taken.holder?.owner !== lease.owner)
    throw new ExecutionLeasedError(executionId, taken.holder ?? holder ?? lease);
  return taken.holder;
}
