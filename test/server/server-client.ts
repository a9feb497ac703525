import type { RunningServer } from '../../src/server/index.js';

export interface SseEvent {
  id?: string;
  data: string;
}

/** A small client of a running `ax server` for tests: JSON calls with the token, and SSE reading. */
export function serverClient(server: RunningServer) {
  const headers = { authorization: `Bearer ${server.token.token}`, 'content-type': 'application/json' };
  return {
    async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...headers, ...extra },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      // Tests read answers field by field; a loose type keeps them short.
      // biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes
      return { status: response.status, json: json as Record<string, any>, text, headers: response.headers };
    },
    /** Reads SSE events until `until` returns true for the list so far (or the abort signal fires). */
    async events(
      path: string,
      until: (events: SseEvent[]) => boolean,
      options: { lastEventId?: string; signal?: AbortSignal } = {},
    ): Promise<SseEvent[]> {
      const controller = new AbortController();
      options.signal?.addEventListener('abort', () => controller.abort());
      const response = await fetch(`${server.url}${path}`, {
        headers: {
          authorization: headers.authorization,
          ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
        },
        signal: controller.signal,
      });
      if (response.status !== 200)
        throw new Error(`SSE ${path}: ${response.status} ${await response.text()}`);
      const events: SseEvent[] = [];
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const event: SseEvent = { data: '' };
            for (const line of block.split('\n')) {
              if (line.startsWith('id:')) event.id = line.slice(3).trim();
              else if (line.startsWith('data:')) event.data += line.slice(5).trim();
            }
            if (event.data !== '') events.push(event);
          }
          if (until(events)) break;
        }
      } finally {
        controller.abort();
      }
      return events;
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `tries` looks. */
export async function eventually<T>(check: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}
