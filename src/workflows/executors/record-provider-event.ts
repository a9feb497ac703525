import type { RouterEvent } from '../../providers/index.js';
import type { StepExecutionContext } from '../step-executor.js';

/**
 * A retry, wait, failover or breaker change behind a step goes to the run's event log as a
 * `provider_event` (so `ax workflow status` lists it and the log writes it at info). Recording is
 * observability: a failure to record never changes the step's outcome.
 */
export function recordProviderEvent(context: StepExecutionContext, event: RouterEvent, text: string): void {
  const data: Record<string, unknown> = { event: event.type, text };
  if ('provider' in event) data.provider = event.provider;
  if (event.type === 'error') {
    data.next = event.next;
    data.errorCode = event.error.code;
    if (event.delayMs !== undefined) data.delayMs = event.delayMs;
    if (event.reason !== undefined) data.reason = event.reason;
  }
  if (event.type === 'fallback')
    Object.assign(data, { from: event.from, to: event.to, reason: event.reason });
  context.record('provider_event', data).catch(() => {});
}
