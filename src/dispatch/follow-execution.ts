import { setTimeout as sleep } from 'node:timers/promises';
import type { EventRecord, WorkflowStore } from '../store/index.js';
import type { RunState, WorkflowEvent } from '../workflows/index.js';

const endStates = new Set<string>(['completed', 'failed', 'cancelled', 'paused']);

export interface FollowOptions {
  store: WorkflowStore;
  executionId: string;
  workflow: string;
  onEvent: (event: WorkflowEvent) => void;
  /** Follow from after this event (a resumed run: after its requeue), not from the start of the log. */
  afterSeq?: number;
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Follows a run that executes elsewhere by reading its event log as it grows, turning each stored
 * event back into the event a watcher of an in-process run sees. Resolves with the state it ended in
 * (`paused` included), or undefined when `signal` stopped the following first.
 */
export async function followExecution(options: FollowOptions): Promise<RunState | undefined> {
  const { store, executionId } = options;
  const interval = options.pollIntervalMs ?? 100;
  const startedAt = new Map<string, number>();
  let seq = options.afterSeq ?? 0;
  for (;;) {
    const events = await store.getEvents(executionId, seq);
    for (const event of events) {
      seq = event.seq;
      const translated = toWorkflowEvent(event, options.workflow, startedAt);
      if (translated) options.onEvent(translated);
      const state = event.type.startsWith('workflow_') ? event.type.slice('workflow_'.length) : undefined;
      if (state !== undefined && endStates.has(state)) {
        // The state write lands in the same transaction as this event.
        return state as RunState;
      }
    }
    if (options.signal?.aborted) return undefined;
    try {
      await sleep(interval, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return undefined;
    }
  }
}

function toWorkflowEvent(
  event: EventRecord,
  workflow: string,
  startedAt: Map<string, number>,
): WorkflowEvent | undefined {
  const { executionId } = event;
  const key = event.stepKey ?? '';
  const attempt = event.attempt ?? 0;
  const data = event.data ?? {};
  const error = typeof data.error === 'string' ? data.error : undefined;
  switch (event.type) {
    case 'workflow_started':
    case 'workflow_resumed':
      return {
        type: 'run-state',
        executionId,
        workflow,
        state: 'executing',
        resumed: event.type === 'workflow_resumed',
      };
    case 'workflow_completed':
    case 'workflow_failed':
    case 'workflow_paused':
    case 'workflow_cancelled':
      return {
        type: 'run-state',
        executionId,
        workflow,
        state: event.type.slice('workflow_'.length) as RunState,
        ...(error === undefined ? {} : { error }),
      };
    case 'step_started':
    case 'step_retrying':
      startedAt.set(key, event.at);
      return { type: 'step-started', executionId, key, attempt };
    case 'step_completed':
      return {
        type: 'step-succeeded',
        executionId,
        key,
        attempt,
        output: data.output ?? null,
        durationMs: event.at - (startedAt.get(key) ?? event.at),
      };
    case 'step_failed':
      return { type: 'step-failed', executionId, key, attempt, error: error ?? 'failed', willRetry: false };
    case 'step_skipped':
      return {
        type: 'step-skipped',
        executionId,
        key,
        reason: data.reason === 'condition' ? 'condition' : 'upstream',
      };
    case 'step_interrupted':
      return {
        type: 'step-interrupted',
        executionId,
        key,
        attempt,
        reason: typeof data.reason === 'string' ? data.reason : 'interrupted',
      };
    case 'step_cancelled':
      return { type: 'step-cancelled', executionId, key };
    default:
      return undefined;
  }
}
