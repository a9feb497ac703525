import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { WorkflowStore } from '../store/index.js';
import type { EventFeed } from './event-feed.js';

/** Idle streams get a comment line this often, so proxies and browsers keep them open. */
const heartbeatMs = 15_000;

export interface EventStreamOptions {
  store: WorkflowStore;
  feed: EventFeed;
  /** Counts open streams (metrics). */
  onOpen?: () => () => void;
}

/**
 * `GET …/executions/:id/events`: the execution's event log as Server-Sent Events, each with its
 * sequence number as the SSE id. A client reconnecting with `Last-Event-ID: n` (or `?after=n`) gets
 * every event after n, then live ones: nothing is missed and nothing is sent twice.
 */
export function streamExecutionEvents(
  c: Context,
  executionId: string,
  after: number,
  options: EventStreamOptions,
): Response {
  return streamSSE(c, async (stream) => {
    let sent = after;
    await pump(
      stream,
      options,
      (changed) => changed === executionId,
      async () => {
        const events = await options.store.getEvents(executionId, sent);
        for (const event of events) {
          await stream.writeSSE({ id: String(event.seq), data: JSON.stringify(event) });
          sent = event.seq;
        }
      },
    );
  });
}

/**
 * `GET …/events`: the events of every execution as one stream. SSE ids are the event's time
 * (`<ms>`); a client reconnecting with `Last-Event-ID` gets the events from that millisecond on, so it
 * may see an event twice and should keep the last `seq` per `executionId`.
 */
export function streamAllEvents(
  c: Context,
  since: number | undefined,
  options: EventStreamOptions,
): Response {
  return streamSSE(c, async (stream) => {
    const from = since ?? Date.now();
    const sent = new Map<string, number>();
    const backlog = new Set<string>();
    const send = async (executionId: string) => {
      const known = sent.get(executionId);
      const events = await options.store.getEvents(executionId, known ?? 0);
      for (const event of events) {
        if (known === undefined && event.at < from) continue;
        await stream.writeSSE({ id: String(event.at), data: JSON.stringify(event) });
      }
      const last = events.at(-1);
      if (last) sent.set(executionId, last.seq);
      else if (known === undefined) sent.set(executionId, await options.store.lastEventSeq(executionId));
    };
    if (since !== undefined) {
      const [executing, updated] = await Promise.all([
        options.store.listExecutions({ state: 'executing', limit: 1_000 }),
        options.store.listExecutions({ updatedSince: since, limit: 1_000 }),
      ]);
      for (const execution of [...updated, ...executing].reverse()) backlog.add(execution.id);
    }
    await pump(
      stream,
      options,
      (executionId) => {
        backlog.add(executionId);
        return true;
      },
      async () => {
        for (const executionId of backlog) {
          backlog.delete(executionId);
          await send(executionId);
        }
      },
    );
  });
}

/** Sends what is new, then sleeps until the feed says something relevant changed or a heartbeat is due. */
async function pump(
  stream: SSEStreamingApi,
  options: EventStreamOptions,
  relevant: (executionId: string) => boolean,
  flush: () => Promise<void>,
): Promise<void> {
  let wake: (() => void) | undefined;
  let pending = true;
  const unsubscribe = options.feed.subscribe((executionId) => {
    if (!relevant(executionId)) return;
    pending = true;
    wake?.();
  });
  const closed = options.onOpen?.();
  stream.onAbort(() => wake?.());
  try {
    while (!stream.aborted && !stream.closed) {
      if (pending) {
        pending = false;
        await flush();
        continue;
      }
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = undefined;
      if (!woken && !stream.aborted) await stream.write(': keep-alive\n\n');
    }
  } finally {
    unsubscribe();
    closed?.();
  }
}
