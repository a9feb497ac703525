import { createLogUpdate } from 'log-update';
import type { WorkflowEvent } from '../workflows/index.js';
import { claimTerminal } from './terminal-log.js';

const symbols: Record<string, string> = {
  pending: '·',
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  skipped: '↷',
  cancelled: '■',
  waiting: '?',
};

export interface ProgressView {
  listener: (event: WorkflowEvent) => void;
  stop(): void;
}

/**
 * Shows a run as it happens: on a terminal a live list of steps redrawn in place, and when piped one
 * plain line per event, so logs stay readable and greppable.
 */
export function createProgressView(stream: NodeJS.WriteStream, stepKeys: readonly string[]): ProgressView {
  return stream.isTTY ? liveView(stream, stepKeys) : lineView(stream);
}

function lineView(stream: NodeJS.WritableStream): ProgressView {
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    listener(event) {
      const line = describe(event);
      if (line !== undefined) write(line);
    },
    stop() {},
  };
}

function liveView(stream: NodeJS.WriteStream, stepKeys: readonly string[]): ProgressView {
  const render = createLogUpdate(stream);
  const status = new Map<string, string>(stepKeys.map((key) => [key, 'pending']));
  const detail = new Map<string, string>();
  let header = '';
  const draw = () => {
    const width = Math.max(8, ...stepKeys.map((key) => key.length));
    const lines = [...status].map(([key, state]) => {
      const extra = detail.get(key);
      return `  ${symbols[state] ?? ' '} ${key.padEnd(width)}  ${state}${extra ? `  ${extra}` : ''}`;
    });
    render([header, ...lines].join('\n'));
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  const release = claimTerminal({ clear: () => render.clear(), redraw: draw });
  return {
    listener(event) {
      switch (event.type) {
        case 'run-state':
          header = `${event.workflow} ${event.executionId} — ${event.state}`;
          break;
        case 'step-started':
          status.set(event.key, 'running');
          detail.set(event.key, event.attempt > 1 ? `attempt ${event.attempt}` : '');
          break;
        case 'step-succeeded':
          status.set(event.key, 'succeeded');
          detail.set(event.key, `${event.durationMs} ms`);
          break;
        case 'step-failed':
          status.set(event.key, event.willRetry ? 'running' : 'failed');
          detail.set(
            event.key,
            event.willRetry ? `retrying in ${event.retryInMs} ms: ${event.error}` : event.error,
          );
          break;
        case 'step-skipped':
          status.set(event.key, 'skipped');
          detail.set(event.key, event.reason === 'condition' ? 'condition false' : 'a dependency failed');
          break;
        case 'step-interrupted':
          status.set(event.key, 'pending');
          detail.set(event.key, event.reason);
          break;
        case 'step-cancelled':
          status.set(event.key, 'cancelled');
          break;
        case 'approval-requested':
          status.set(event.key, 'waiting');
          detail.set(event.key, `${event.message} — ax workflow approve ${event.executionId} ${event.key}`);
          break;
        case 'step-log':
          if (!event.key.includes('[')) detail.set(event.key, event.text.slice(0, 80));
          break;
        case 'step-note':
          if (typeof event.data.text === 'string') detail.set(event.key, `⚠ ${event.data.text}`);
          break;
      }
      if (event.type !== 'step-log' && !('key' in event && event.key.includes('['))) draw();
    },
    stop() {
      clearInterval(timer);
      release();
      draw();
      render.done();
    },
  };
}

/** One line per event, for pipes and logs. */
export function describe(event: WorkflowEvent): string | undefined {
  switch (event.type) {
    case 'run-state':
      return `run ${event.executionId || '-'} ${event.workflow}: ${event.state}${event.resumed ? ' (resumed)' : ''}${event.error ? ` — ${event.error}` : ''}`;
    case 'step-started':
      return `step ${event.key}: started (attempt ${event.attempt})`;
    case 'step-succeeded':
      return `step ${event.key}: succeeded in ${event.durationMs} ms`;
    case 'step-failed':
      return `step ${event.key}: failed (attempt ${event.attempt}) — ${event.error}${event.willRetry ? `; retrying in ${event.retryInMs} ms` : ''}`;
    case 'step-skipped':
      return `step ${event.key}: skipped (${event.reason === 'condition' ? 'condition is false' : 'a dependency failed'})`;
    case 'step-interrupted':
      return `step ${event.key}: interrupted (attempt ${event.attempt}) — ${event.reason}`;
    case 'step-cancelled':
      return `step ${event.key}: cancelled`;
    case 'approval-requested':
      return `step ${event.key}: waiting for approval — ${event.message}\n  approve with: ax workflow approve ${event.executionId} ${event.key}`;
    case 'step-log':
      return `  ${event.key} | ${event.text}`;
    case 'step-note':
      return event.note === 'provider_event' ? `step ${event.key}: ${String(event.data.text)}` : undefined;
  }
}
