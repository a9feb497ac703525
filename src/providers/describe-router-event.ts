import type { RouterEvent } from './router-events.js';

/**
 * A router event as one line a person reads in progress output, logs and `ax workflow status`:
 * retries and their waits, failovers, rate-limit waits, breaker changes and misconfigured providers.
 * Routine events (the plan, each attempt, success, cache hits) return undefined: they are not news.
 */
export function describeRouterEvent(event: RouterEvent): string | undefined {
  switch (event.type) {
    case 'error': {
      const what = `${event.provider} try ${event.attempt} failed (${event.error.code})`;
      if (event.next === 'retry') {
        const why = event.reason === 'retry-after' ? 'as its Retry-After asks' : 'backoff';
        return `${what}; retrying in ${seconds(event.delayMs ?? 0)} (${why})`;
      }
      if (event.next === 'failover') return `${what}; failing over (${event.reason ?? 'unavailable'})`;
      return `${what}; giving up${event.reason ? ` (${event.reason})` : ''}`;
    }
    case 'fallback':
      return `failover ${event.from} → ${event.to} (${event.reason})`;
    case 'queued':
      return `${event.provider}: waiting for its rate limit`;
    case 'dequeued':
      return `${event.provider}: rate-limit wait of ${seconds(event.waitedMs)} ${event.outcome === 'admitted' ? 'over' : event.outcome}`;
    case 'circuit-open':
      return `${event.provider}: circuit opened (error rate ${Math.round(event.errorRate * 100)}%); requests skip it while it cools down`;
    case 'circuit-half-open':
      return `${event.provider}: circuit half-open, sending one probe`;
    case 'circuit-close':
      return `${event.provider}: circuit closed, back in rotation`;
    case 'misconfigured':
      return `${event.provider} is misconfigured: ${event.reason}`;
    case 'restart':
      return `stream from ${event.fromProvider} broke after ${event.discardedChars} characters; restarting on ${event.toProvider}`;
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
