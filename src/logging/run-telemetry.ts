import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One line of the local metrics file, written when a run stops (finished, failed, paused or cancelled). */
export interface RunMetrics {
  at: string;
  executionId: string;
  workflow: string;
  state: string;
  /** From the run's first event seen by this process to its end (a resumed run counts from the resume). */
  durationMs: number;
  steps: { succeeded: number; failed: number; retried: number; skipped: number };
}

interface TelemetryEvent {
  type: string;
  executionId: string;
  workflow?: string;
  state?: string;
  willRetry?: boolean;
}

const endStates = new Set(['completed', 'failed', 'cancelled', 'paused']);

/**
 * Appends one JSON line of metrics per run to a local file. Telemetry here never leaves the machine:
 * it is for the operator's own dashboards (tail the file into whatever collects their metrics).
 */
export function attachRunTelemetry<E extends TelemetryEvent>(
  engine: { on(listener: (event: E) => void): () => void },
  options: { file: string; now?: () => number },
): () => void {
  const now = options.now ?? Date.now;
  const file = resolve(options.file);
  const runs = new Map<string, { startedAt: number; steps: RunMetrics['steps'] }>();
  return engine.on((event) => {
    let run = runs.get(event.executionId);
    if (!run) {
      run = { startedAt: now(), steps: { succeeded: 0, failed: 0, retried: 0, skipped: 0 } };
      runs.set(event.executionId, run);
    }
    if (event.type === 'step-succeeded') run.steps.succeeded++;
    else if (event.type === 'step-skipped') run.steps.skipped++;
    else if (event.type === 'step-failed') run.steps[event.willRetry ? 'retried' : 'failed']++;
    else if (event.type === 'run-state' && event.state !== undefined && endStates.has(event.state)) {
      runs.delete(event.executionId);
      const metrics: RunMetrics = {
        at: new Date(now()).toISOString(),
        executionId: event.executionId,
        workflow: event.workflow ?? '',
        state: event.state,
        durationMs: now() - run.startedAt,
        steps: run.steps,
      };
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(metrics)}\n`);
    }
  });
}
