import type { RunState } from './state-machine.js';

/** What a watcher of a run sees, in order. Persisted events mirror these in the store's event log. */
export type WorkflowEvent =
  | {
      type: 'run-state';
      executionId: string;
      workflow: string;
      state: RunState;
      error?: string;
      resumed?: boolean;
    }
  | { type: 'step-started'; executionId: string; key: string; attempt: number }
  | {
      type: 'step-succeeded';
      executionId: string;
      key: string;
      attempt: number;
      output: unknown;
      durationMs: number;
    }
  | {
      type: 'step-failed';
      executionId: string;
      key: string;
      attempt: number;
      error: string;
      willRetry: boolean;
      retryInMs?: number;
    }
  | { type: 'step-skipped'; executionId: string; key: string; reason: 'condition' | 'upstream' }
  | { type: 'step-interrupted'; executionId: string; key: string; attempt: number; reason: string }
  | { type: 'step-cancelled'; executionId: string; key: string }
  | { type: 'step-log'; executionId: string; key: string; stream: 'stdout' | 'stderr'; text: string }
  /**
   * An executor recorded an event of its own in the run's log (`record`), e.g. `agent_selected` or a
   * `provider_event` (retry, failover, rate-limit wait); `data.text`, when present, is its one-line summary.
   */
  | { type: 'step-note'; executionId: string; key: string; note: string; data: Record<string, unknown> }
  | { type: 'approval-requested'; executionId: string; key: string; message: string };

export type WorkflowEventListener = (event: WorkflowEvent) => void;
