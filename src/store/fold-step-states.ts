import type { EventRecord, StepRecord } from './workflow-store.js';

/** The status each step event moves its step into. Other events (run-level ones) carry no step state. */
export const stepStatusOfEvent: Readonly<Record<string, string>> = {
  step_started: 'running',
  step_retrying: 'running',
  step_completed: 'succeeded',
  step_failed: 'failed',
  step_skipped: 'skipped',
  step_interrupted: 'pending',
  step_cancelled: 'cancelled',
};

/**
 * Step states are not stored twice: they are the fold of the append-only event log, in sequence
 * order. Every store implementation derives them with this one function.
 */
export function foldStepStates(events: Iterable<EventRecord>): StepRecord[] {
  const steps = new Map<string, StepRecord>();
  for (const event of events) {
    const key = event.stepKey;
    const status = stepStatusOfEvent[event.type];
    if (key === undefined || status === undefined) continue;
    const previous = steps.get(key);
    const step: StepRecord = {
      executionId: event.executionId,
      key,
      status,
      attempt: event.attempt ?? previous?.attempt ?? 0,
    };
    const data = event.data ?? {};
    if (status === 'running') step.startedAt = event.at;
    else if (previous?.startedAt !== undefined) step.startedAt = previous.startedAt;
    if (status !== 'running' && status !== 'pending') step.finishedAt = event.at;
    if (status === 'succeeded') {
      step.output = data.output ?? null;
      if (data.outputs !== undefined) step.outputs = data.outputs as Record<string, unknown>;
      if (data.usage !== undefined) step.usage = data.usage as Record<string, unknown>;
    }
    if (typeof data.error === 'string') step.error = data.error;
    if (typeof data.reason === 'string') step.reason = data.reason;
    steps.set(key, step);
  }
  return [...steps.values()];
}
