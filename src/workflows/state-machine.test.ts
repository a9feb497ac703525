import { describe, expect, it } from 'vitest';
import {
  assertRunTransition,
  assertStepTransition,
  IllegalTransitionError,
  RunState,
  runTransitions,
  StepStatus,
  stepTransitions,
} from './state-machine.js';

describe('state machines', () => {
  it('walks a run from idle to completed and allows resume only from paused, failed, a crashed run or the queue', () => {
    const path: RunState[] = ['idle', 'parsing', 'validating', 'executing', 'completed'];
    for (let i = 1; i < path.length; i++) assertRunTransition(path[i - 1]!, path[i]!);
    for (const from of Object.values(RunState)) {
      expect(runTransitions[from].includes('executing'), from).toBe(
        ['validating', 'queued', 'executing', 'paused', 'failed'].includes(from),
      );
    }
    expect(() => assertRunTransition('completed', 'executing')).toThrow(IllegalTransitionError);
    expect(() => assertRunTransition('cancelled', 'executing')).toThrow(
      'illegal run transition cancelled → executing',
    );
  });

  it('never moves a succeeded or cancelled step, and names the step of an illegal move', () => {
    expect(stepTransitions.succeeded).toEqual([]);
    expect(stepTransitions.cancelled).toEqual([]);
    assertStepTransition('pending', 'running');
    assertStepTransition('running', 'pending');
    expect(() => assertStepTransition(StepStatus.succeeded, StepStatus.running, 'build')).toThrow(
      "illegal step 'build' transition succeeded → running",
    );
    expect(() => assertStepTransition('pending', 'succeeded')).toThrow(IllegalTransitionError);
  });
});
