/**
 * Time as the router sees it. Injected so that tests drive backoff, breaker cooldowns, rate-limit
 * windows and timeouts deterministically instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences matter. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  setTimer: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * A clock whose time only moves when told to: `sleep` advances it instantly and records the wait, timers
 * fire when `advance` passes them. For tests and benchmarks of the pure routing logic. With
 * `autoAdvance: false` a sleep waits like a timer until `advance` passes it, so a test can act (abort,
 * enqueue more) while something sleeps.
 */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Every duration passed to `sleep`, in order. */
  readonly sleeps: number[];
}

export function createManualClock(start = 0, options: { autoAdvance?: boolean } = {}): ManualClock {
  let time = start;
  const timers = new Set<{ at: number; callback: () => void }>();
  const sleeps: number[] = [];
  const advance = (ms: number) => {
    time += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at <= time) {
        timers.delete(timer);
        timer.callback();
      }
    }
  };
  const setTimer = (ms: number, callback: () => void) => {
    const timer = { at: time + ms, callback };
    timers.add(timer);
    return () => {
      timers.delete(timer);
    };
  };
  return {
    now: () => time,
    sleeps,
    advance,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      if (options.autoAdvance !== false) {
        advance(ms);
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          cancel();
          reject(signal?.reason);
        };
        const cancel = setTimer(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    setTimer,
  };
}
