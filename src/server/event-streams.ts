import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { EventRecord, WorkflowStore } from '../store/index.js';
import type { EventFeed } from './event-feed.js';

/** Idle streams get a comment line this often, so proxies and browsers keep them open. */
const heartbeatMs = 15_000;

export interface EventStreamOptions {
  store: WorkflowStore;
  feed: EventFeed;
  /** Counts open streams (metrics); returns the function that counts one closed. */
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
  return openStream(c, options, (write) => {
    let sent = after;
    const deliver = (events: readonly EventRecord[]) => {
      for (const event of events) {
        if (event.seq <= sent) continue;
        write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
        sent = event.seq;
      }
    };
    return {
      relevant: (changed) => changed === executionId,
      read: () => settle(options.store.getEvents(executionId, sent), deliver),
    };
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
  return openStream(c, options, (write) => {
    const from = since ?? Date.now();
    const sent = new Map<string, number>();
    const backlog = new Set<string>();
    const deliver = (executionId: string, known: number | undefined, events: readonly EventRecord[]) => {
      for (const event of events) {
        if (known === undefined ? event.at < from : event.seq <= (sent.get(executionId) ?? 0)) continue;
        write(`id: ${event.at}\ndata: ${JSON.stringify(event)}\n\n`);
      }
      const last = events.at(-1)?.seq;
      if (last !== undefined && last > (sent.get(executionId) ?? 0)) sent.set(executionId, last);
    };
    const readOne = (executionId: string) => {
      const known = sent.get(executionId);
      return settle(options.store.getEvents(executionId, known ?? 0), (events) => {
        deliver(executionId, known, events);
        if (known === undefined && !sent.has(executionId)) sent.set(executionId, 0);
      });
    };
    const initial =
      since === undefined
        ? undefined
        : Promise.all([
            options.store.listExecutions({ state: 'executing', limit: 1_000 }),
            options.store.listExecutions({ updatedSince: since, limit: 1_000 }),
          ]).then(([executing, updated]) => {
            for (const execution of [...updated, ...executing].reverse()) backlog.add(execution.id);
          });
    return {
      relevant: (executionId) => {
        backlog.add(executionId);
        return true;
      },
      read: () => {
        const pending = [...backlog];
        backlog.clear();
        let chain: Promise<void> | undefined = initial;
        for (const executionId of pending) {
          chain = chain ? chain.then(() => readOne(executionId)) : readOne(executionId);
        }
        return chain;
      },
    };
  });
}

interface StreamBody {
  /** Whether a change of this execution concerns the stream. */
  relevant(executionId: string): boolean;
  /** Sends what is new: synchronously when the store answers synchronously (SQLite). */
  read(): Promise<void> | undefined;
}

/** Calls `then` with the value at once when it is not a promise, so SQLite reads write in the same tick. */
function settle<T>(value: T | Promise<T>, then: (value: T) => void): Promise<void> | undefined {
  if (value instanceof Promise) return value.then(then);
  then(value);
  return undefined;
}

/**
 * Writes the SSE answer straight to Node's response. An execution of this process announces a change
 * synchronously, inside the engine's own event; with SQLite the new events are read and written to
 * the socket right then, before the engine goes on (to start a step's process, say), which is what
 * keeps commit → client latency to about a millisecond. Reads that return promises are chained, so
 * events still leave in order.
 */
function openStream(
  c: Context,
  options: EventStreamOptions,
  body: (write: (text: string) => void) => StreamBody,
): Response {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing) throw new Error('event streams are served by @hono/node-server');
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  outgoing.flushHeaders();
  const open = () => !outgoing.destroyed && !outgoing.writableEnded;
  const write = (text: string) => {
    if (open()) outgoing.write(text);
  };
  const stream = body(write);
  let chain: Promise<void> = Promise.resolve();
  let busy = false;
  const read = () => {
    if (!open()) return;
    if (busy) {
      chain = chain.then(read);
      return;
    }
    const pending = stream.read();
    if (!pending) return;
    busy = true;
    chain = pending
      .catch(() => {
        // A store that failed a read is asked again on the next change or heartbeat.
      })
      .finally(() => {
        busy = false;
      });
  };
  const unsubscribe = options.feed.subscribe((executionId) => {
    if (stream.relevant(executionId)) read();
  });
  const closed = options.onOpen?.();
  const heartbeat = setInterval(() => {
    write(': keep-alive\n\n');
    read();
  }, heartbeatMs);
  outgoing.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    closed?.();
  });
  read();
  return RESPONSE_ALREADY_SENT;
}
