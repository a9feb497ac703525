import type { StepAttempt } from './step-attempt.js';

export interface ForEachRun {
  /** The forEach step's key; item `i` is recorded as `key[i]`. */
  key: string;
  items: readonly unknown[];
  /** Items in flight at once. */
  concurrency: number;
  /** Outputs of the items that succeeded in an earlier attempt or before a crash, by item key. */
  done: ReadonlyMap<string, unknown>;
  runItem(itemKey: string, item: unknown, index: number): Promise<StepAttempt>;
  /** Appends a step event for an item and commits it before the run goes on. */
  record(type: string, itemKey: string, data?: Record<string, unknown>): Promise<void>;
}

/**
 * Runs the items of a forEach step, each with its own durable events, so a resume runs only the items
 * that had not succeeded. The first item that fails or stops ends the step; its output is the list of
 * item outputs in item order.
 */
export async function runForEachItems(run: ForEachRun): Promise<StepAttempt> {
  const outputs: unknown[] = new Array(run.items.length);
  let next = 0;
  let failure: StepAttempt | undefined;
  const worker = async () => {
    while (failure === undefined && next < run.items.length) {
      const index = next++;
      const itemKey = `${run.key}[${index}]`;
      if (run.done.has(itemKey)) {
        outputs[index] = run.done.get(itemKey);
        continue;
      }
      await run.record('step_started', itemKey);
      const attempt = await run.runItem(itemKey, run.items[index], index);
      if (attempt.ok === true) {
        outputs[index] = attempt.result.output ?? null;
        await run.record('step_completed', itemKey, { output: outputs[index] });
        continue;
      }
      failure = attempt;
      await run.record(
        attempt.ok === false ? 'step_failed' : 'step_interrupted',
        itemKey,
        attempt.ok === false ? { error: attempt.error.message } : { reason: 'stopped' },
      );
    }
  };
  const width = Math.max(1, Math.min(run.concurrency, run.items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return failure ?? { ok: true, result: { output: outputs } };
}
