import type { WorkflowStore } from '../store/index.js';
import { assertResumable } from './assert-resumable.js';
import { isLeaseLive } from './run-lease.js';
import { assertRunTransition, RunState } from './state-machine.js';
import { ExecutionLeasedError, ExecutionNotResumableError } from './workflow-errors.js';

/** A run handed back to workers, and the last event before their work on it. */
export interface RequeuedExecution {
  executionId: string;
  /** `queued`, or `executing` for a run whose holder died. */
  state: RunState;
  /** Its progress from here on is the event log after this sequence number. */
  seq: number;
}

/**
 * Resume for scale-out: instead of running the execution here, makes it a run workers take. A paused
 * or failed run moves to `queued` (a `workflow_requeued` event, counted as a resume); a queued run, or
 * an executing one whose holder died, is already theirs. Refused like a resume: unknown, finished, or
 * held by a live process. The caller enqueues the id (the workers' reconciler would, too).
 */
export async function requeueExecution(
  store: WorkflowStore,
  executionId: string,
  now: number,
): Promise<RequeuedExecution> {
  const execution = await store.getExecution(executionId);
  if (!execution) throw new ExecutionNotResumableError(`no execution '${executionId}' in this database`);
  assertResumable(execution);
  if (execution.lease && isLeaseLive(execution.lease, now))
    throw new ExecutionLeasedError(executionId, execution.lease);
  const seq = await store.lastEventSeq(executionId);
  const state = execution.state as RunState;
  if (state === RunState.queued || state === RunState.executing) return { executionId, state, seq };
  assertRunTransition(state, RunState.queued);
  await store.commit([
    { type: 'event', event: { executionId, seq: seq + 1, type: 'workflow_requeued', at: now } },
    { type: 'execution', executionId, state: RunState.queued, at: now },
  ]);
  return { executionId, state: RunState.queued, seq: seq + 1 };
}
