import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits `ms`, or until `signal` aborts (the client went away or the simulator is closing).
 * Returns false when aborted so callers stop writing instead of throwing through the request handler.
 */
export async function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Waits until `signal` aborts: a stall or a request that is never answered. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
