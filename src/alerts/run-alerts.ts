import type { AlertEventName } from '../config/index.js';
import type { DeliveryResult, WebhookSender } from './webhook-sender.js';

/** What a receiver gets: enough to page someone and to resume the run. */
export interface RunAlertPayload {
  event: AlertEventName;
  executionId: string;
  workflow: string;
  state: string;
  /** The step whose final failure ended the run, when there was one. */
  failedStep: string | null;
  error: string | null;
  /** ISO 8601. */
  at: string;
  resumeCommand: string | null;
}

/** The engine events this subscriber reads; the engine's `WorkflowEvent` union satisfies it. */
export interface AlertableEvent {
  type: string;
  executionId: string;
  key?: string;
  workflow?: string;
  state?: string;
  error?: string;
  willRetry?: boolean;
}

export interface RunAlertsOptions {
  events: readonly AlertEventName[];
  send: WebhookSender;
  now?: () => number;
  /**
   * Decides whether a run is alerted on at all, e.g. only top-level runs: a failed sub-workflow also
   * fails its parent, and one page per incident is enough. Default: every run.
   */
  includeRun?: (executionId: string) => boolean | Promise<boolean>;
  /** Told about each delivery, e.g. to log one that failed. */
  onDelivery?: (payload: RunAlertPayload, result: DeliveryResult) => void;
}

export interface RunAlerts {
  detach(): void;
  /** Resolves when every alert started so far has been delivered or given up on. */
  settled(): Promise<void>;
}

const eventForState: Record<string, AlertEventName> = {
  failed: 'workflow_failed',
  cancelled: 'workflow_cancelled',
  completed: 'workflow_completed',
  paused: 'workflow_paused',
};

/**
 * Subscribes to an engine's events and sends an alert when a run ends in a state the config asks
 * about. The failed step is the last one that failed without a retry left, remembered per execution.
 */
export function attachRunAlerts<E extends AlertableEvent>(
  engine: { on(listener: (event: E) => void): () => void },
  options: RunAlertsOptions,
): RunAlerts {
  const now = options.now ?? Date.now;
  const wanted = new Set(options.events);
  const failedSteps = new Map<string, string>();
  const pending = new Set<Promise<void>>();
  const detach = engine.on((event) => {
    if (event.type === 'step-failed' && !event.willRetry && event.key !== undefined) {
      failedSteps.set(event.executionId, event.key);
      return;
    }
    if (event.type !== 'run-state' || event.state === undefined) return;
    const name = eventForState[event.state];
    if (!name) return;
    const failedStep = failedSteps.get(event.executionId) ?? null;
    failedSteps.delete(event.executionId);
    if (!wanted.has(name)) return;
    const resumable = event.state === 'failed' || event.state === 'paused';
    const payload: RunAlertPayload = {
      event: name,
      executionId: event.executionId,
      workflow: event.workflow ?? '',
      state: event.state,
      failedStep: event.state === 'failed' ? failedStep : null,
      error: event.error ?? null,
      at: new Date(now()).toISOString(),
      resumeCommand: resumable ? `ax workflow resume ${event.executionId}` : null,
    };
    const include = options.includeRun ?? (() => true);
    const delivery = Promise.resolve(include(payload.executionId))
      .then(async (included) => {
        if (!included) return;
        const result = await options.send(payload);
        options.onDelivery?.(payload, result);
      })
      .catch(() => undefined);
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
  });
  return {
    detach,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
