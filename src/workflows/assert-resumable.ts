import type { ExecutionRecord } from '../store/index.js';
import { assertRunTransition, RunState } from './state-machine.js';
import { ExecutionNotResumableError } from './workflow-errors.js';

/**
 * Refuses to continue a finished (completed, cancelled) execution, and, with `onlyIn`, one that is not
 * in one of those states (a worker leaves a run a person paused alone).
 */
export function assertResumable(execution: ExecutionRecord, onlyIn?: readonly RunState[]): void {
  const state = execution.state as RunState;
  if (onlyIn !== undefined && !onlyIn.includes(state)) {
    throw new ExecutionNotResumableError(
      `execution ${execution.id} is ${state}; it is not this process's to run`,
    );
  }
  if (state === RunState.completed || state === RunState.cancelled) {
    throw new ExecutionNotResumableError(`execution ${execution.id} is ${state}; there is nothing to resume`);
  }
  assertRunTransition(state, RunState.executing);
}
