import type { StepResult } from './step-executor.js';

/** How one attempt of a step ended: a result, an error, or stopped by a pause or cancel. */
export type StepAttempt = { ok: true; result: StepResult } | { ok: false; error: Error } | { ok: 'stopped' };
