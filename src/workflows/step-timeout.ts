import { StepTimeoutError } from './workflow-errors.js';

/**
 * A signal that aborts when the run stops or the step's time is up, and a promise that rejects with
 * StepTimeoutError then, so a step that ignores its signal still cannot hold the run.
 */
export interface StepTimeout {
  readonly signal: AbortSignal;
  readonly expired: Promise<never>;
  clear(): void;
}

export function stepTimeout(key: string, timeoutMs: number, runSignal: AbortSignal): StepTimeout {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(key, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  return {
    signal: controller.signal,
    expired,
    clear() {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    },
  };
}
