// The dashboard's calls to the API. The session cookie (set by logging in) authenticates them.

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? 'http';
  }
}

export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiFailure(response.status, json);
  return json;
}

/** Opens an SSE stream; `onEvent` gets each parsed event. The browser reconnects with Last-Event-ID. */
export function listen(path, onEvent) {
  const source = new EventSource(path, { withCredentials: true });
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
  return () => source.close();
}

export const formatTime = (ms) => (ms ? new Date(ms).toLocaleString() : '');

export function formatDuration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const formatCost = (usd) => `$${Number(usd ?? 0).toFixed(4)}`;
