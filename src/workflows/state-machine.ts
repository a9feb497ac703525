import { AutomatosxError } from '../errors/index.js';

/**
 * States of a whole run. `executing` also covers a run whose process died: resume takes it over.
 * `queued` is a run submitted to workers (REDIS_URL) that no worker has started yet.
 */
export const RunState = {
  idle: 'idle',
  queued: 'queued',
  parsing: 'parsing',
  validating: 'validating',
  executing: 'executing',
  paused: 'paused',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type RunState = (typeof RunState)[keyof typeof RunState];

export const StepStatus = {
  pending: 'pending',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/**
 * Every allowed move of a run, in one place. Resume is `paused|failed|executing → executing`, or, with
 * workers, `paused|failed → queued` (handed back to them).
 */
export const runTransitions: Readonly<Record<RunState, readonly RunState[]>> = {
  idle: ['parsing'],
  parsing: ['validating', 'failed'],
  validating: ['executing', 'queued', 'failed'],
  queued: ['executing', 'paused', 'cancelled'],
  executing: ['executing', 'completed', 'failed', 'paused', 'cancelled'],
  paused: ['executing', 'queued', 'cancelled'],
  failed: ['executing', 'queued'],
  completed: [],
  cancelled: [],
};

/**
 * Every allowed move of a step. `running → pending` is an attempt interrupted by a pause or a crash;
 * `failed|skipped → pending` is a resume giving a failed branch another chance.
 */
export const stepTransitions: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  pending: ['running', 'skipped', 'cancelled'],
  running: ['running', 'succeeded', 'failed', 'pending', 'cancelled'],
  failed: ['pending'],
  skipped: ['pending'],
  succeeded: [],
  cancelled: [],
};

/** An illegal state move: always a bug in the engine, never a user error. */
export class IllegalTransitionError extends AutomatosxError {
  constructor(what: string, from: string, to: string) {
    super(`illegal ${what} transition ${from} → ${to}`, { code: 'illegal-transition' });
  }
}

export function assertRunTransition(from: RunState, to: RunState): void {
  if (!runTransitions[from].includes(to)) throw new IllegalTransitionError('run', from, to);
}

export function assertStepTransition(from: StepStatus, to: StepStatus, stepKey?: string): void {
  if (!stepTransitions[from].includes(to)) {
    throw new IllegalTransitionError(stepKey === undefined ? 'step' : `step '${stepKey}'`, from, to);
  }
}

export function isTerminalStep(status: StepStatus): boolean {
  return (
    stepTransitions[status].length === 0 || status === StepStatus.failed || status === StepStatus.skipped
  );
}
