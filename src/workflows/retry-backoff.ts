import { durationMs, type WorkflowStep } from './workflow-schema.js';

const defaultBackoff = { initial: 1_000, factor: 2, max: 30_000 };

/** How long to wait before the next attempt of a step: exponential from `initial`, capped at `max`. */
export function backoffMs(step: WorkflowStep, tried: number): number {
  const backoff = step.retry?.backoff;
  const initial = backoff?.initial === undefined ? defaultBackoff.initial : durationMs(backoff.initial);
  const max = backoff?.max === undefined ? defaultBackoff.max : durationMs(backoff.max);
  return Math.min(max, initial * (backoff?.factor ?? defaultBackoff.factor) ** (tried - 1));
}
