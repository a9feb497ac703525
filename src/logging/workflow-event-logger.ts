import type { Logger } from 'pino';

/**
 * The slice of a workflow event this adapter reads. Declared here rather than imported so logging does
 * not depend on the engine; the engine's `WorkflowEvent` union satisfies it.
 */
export interface LoggableWorkflowEvent {
  type: string;
  executionId: string;
  key?: string;
  workflow?: string;
  state?: string;
  error?: string;
  attempt?: number;
  willRetry?: boolean;
  retryInMs?: number;
  durationMs?: number;
  reason?: string;
  stream?: string;
  text?: string;
  message?: string;
  resumed?: boolean;
  note?: string;
  data?: Record<string, unknown>;
}

export interface WorkflowEventSource<E extends LoggableWorkflowEvent> {
  on(listener: (event: E) => void): () => void;
}

/**
 * Writes each workflow event as one structured line: run state changes at info (failed at error),
 * step transitions at debug, retried failures at warn, final step failures at error, steps a crashed
 * process left behind at info, executors' own records (provider retries and failovers) at info, step output lines at trace. Step outputs are not logged: they can be large and may carry user data.
 */
export function attachWorkflowLogger<E extends LoggableWorkflowEvent>(
  engine: WorkflowEventSource<E>,
  logger: Logger,
): () => void {
  return engine.on((event) => {
    const fields = { event: event.type, executionId: event.executionId };
    switch (event.type) {
      case 'run-state': {
        const level = event.state === 'failed' ? 'error' : event.state === 'cancelled' ? 'warn' : 'info';
        logger[level](
          {
            ...fields,
            workflow: event.workflow,
            state: event.state,
            ...(event.error === undefined ? {} : { error: event.error }),
            ...(event.resumed ? { resumed: true } : {}),
          },
          `run ${event.state}`,
        );
        return;
      }
      case 'step-started':
        logger.debug({ ...fields, step: event.key, attempt: event.attempt }, `step ${event.key} started`);
        return;
      case 'step-succeeded':
        logger.debug(
          { ...fields, step: event.key, attempt: event.attempt, durationMs: event.durationMs },
          `step ${event.key} succeeded`,
        );
        return;
      case 'step-failed':
        logger[event.willRetry ? 'warn' : 'error'](
          {
            ...fields,
            step: event.key,
            attempt: event.attempt,
            error: event.error,
            willRetry: event.willRetry,
            ...(event.retryInMs === undefined ? {} : { retryInMs: event.retryInMs }),
          },
          event.willRetry ? `step ${event.key} failed; retrying` : `step ${event.key} failed`,
        );
        return;
      case 'step-skipped':
        logger.debug({ ...fields, step: event.key, reason: event.reason }, `step ${event.key} skipped`);
        return;
      case 'step-interrupted':
        // Routine on resume after a crash: the step runs again, so this is news, not a warning.
        logger.info(
          { ...fields, step: event.key, attempt: event.attempt, reason: event.reason },
          `step ${event.key} interrupted`,
        );
        return;
      case 'step-cancelled':
        logger.info({ ...fields, step: event.key }, `step ${event.key} cancelled`);
        return;
      case 'step-log':
        logger.trace({ ...fields, step: event.key, stream: event.stream, text: event.text }, 'step output');
        return;
      case 'step-note': {
        // An executor's own record: provider retries, waits and failovers, the agent it chose.
        const text = typeof event.data?.text === 'string' ? event.data.text : undefined;
        logger.info(
          { ...fields, step: event.key, note: event.note, ...event.data },
          text === undefined ? `step ${event.key}: ${event.note}` : `step ${event.key}: ${text}`,
        );
        return;
      }
      case 'approval-requested':
        logger.info(
          { ...fields, step: event.key, message: event.message },
          `step ${event.key} waits for approval`,
        );
        return;
      default:
        logger.debug(fields, event.type);
    }
  });
}
