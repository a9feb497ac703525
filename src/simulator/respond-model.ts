import type { IncomingMessage, ServerResponse } from 'node:http';
import { abortableDelay, untilAborted } from './abortable-delay.js';
import type { FaultRule } from './simulator-options.js';
import type { StreamFrame, WireFormat } from './wire-format.js';

/** Header on every simulator response, so no caller can mistake it for a real provider's answer. */
export const simulatedHeader = 'x-automatosx-simulated';

export interface Pacing {
  latencyMs: number;
  firstTokenMs: number;
  tokensPerSecond: number;
}

/** Default pause for `slow-first-token` when the rule gives no `delayMs`. */
export const defaultSlowFirstTokenMs = 2000;
/** Default number of content tokens delivered before a mid-stream fault. */
export const defaultAfterTokens = 3;

export function baseHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { [simulatedHeader]: 'true', ...extra };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(
    status,
    baseHeaders({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    }),
  );
  res.end(text);
}

/** Error status and body in the provider's format, with `retry-after` headers for rate limits. */
export function sendFault(
  res: ServerResponse,
  format: WireFormat,
  family: string,
  rule: FaultRule,
  promptTokens: number,
): void {
  const kind = rule.fault;
  const errorKind =
    kind === 'rate-limit' ||
    kind === 'server-error' ||
    kind === 'unavailable' ||
    kind === 'overloaded' ||
    kind === 'context-length' ||
    kind === 'bad-key'
      ? kind
      : 'server-error';
  const retryAfterSeconds =
    rule.retryAfterSeconds ?? (rule.retryAfterMs !== undefined ? rule.retryAfterMs / 1000 : undefined);
  const { status, body } = format.error({
    kind: errorKind,
    promptTokens,
    ...(errorKind === 'rate-limit' && retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
  const headers: Record<string, string> = {};
  // Gemini signals the wait only in the body (google.rpc.RetryInfo, on 429); the others use headers,
  // which real providers also send on 503/529, so any transient fault may carry them.
  const transient =
    errorKind === 'rate-limit' ||
    errorKind === 'unavailable' ||
    errorKind === 'overloaded' ||
    errorKind === 'server-error';
  if (transient && family !== 'gemini') {
    if (retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(retryAfterSeconds));
    if (rule.retryAfterMs !== undefined) headers['retry-after-ms'] = String(rule.retryAfterMs);
  }
  if (errorKind === 'overloaded' && family === 'anthropic') headers['x-should-retry'] = 'true';
  sendJson(res, status, body, headers);
}

/**
 * Writes an SSE stream frame by frame with the configured pacing, applying a mid-stream fault at the
 * token count the rule names: cut (socket destroyed), stall, malformed chunk, or no terminal events.
 */
export async function writeStream(
  res: ServerResponse,
  frames: readonly StreamFrame[],
  pacing: Pacing,
  fault: FaultRule | undefined,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(
    200,
    baseHeaders({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    }),
  );
  res.flushHeaders();
  const tokenCount = frames.filter((frame) => frame.token).length;
  const lastTokenIndex = frames.findLastIndex((frame) => frame.token);
  const faultAt = Math.max(0, Math.min(fault?.afterTokens ?? defaultAfterTokens, tokenCount - 1));
  let tokens = 0;
  for (const [index, frame] of frames.entries()) {
    if (fault?.fault === 'missing-terminal-event' && index > lastTokenIndex) break;
    if (frame.token) {
      let wait =
        tokens === 0 ? pacing.firstTokenMs : pacing.tokensPerSecond > 0 ? 1000 / pacing.tokensPerSecond : 0;
      if (tokens === 0 && fault?.fault === 'slow-first-token')
        wait += fault.delayMs ?? defaultSlowFirstTokenMs;
      if (!(await abortableDelay(wait, signal))) return;
      if (tokens === faultAt && fault !== undefined) {
        if (fault.fault === 'stream-cut') {
          res.socket?.destroy();
          return;
        }
        if (fault.fault === 'stream-stall') {
          if (fault.delayMs === undefined) {
            await untilAborted(signal);
            return;
          }
          if (!(await abortableDelay(fault.delayMs, signal))) return;
        }
        if (fault.fault === 'malformed-chunk')
          res.write('data: {"simulated": "malformed chunk", "delta": \n\n');
      }
      tokens++;
    }
    res.write(`${frame.event ? `event: ${frame.event}\n` : ''}data: ${frame.data}\n\n`);
  }
  res.end();
}

/**
 * A non-streaming answer; stream faults map onto it as the nearest equivalent: slow-first-token and
 * stall delay the whole body, a cut destroys the socket mid-body, malformed or missing-terminal sends
 * a truncated JSON body that the client cannot parse.
 */
export async function writeJson(
  res: ServerResponse,
  body: unknown,
  fault: FaultRule | undefined,
  signal: AbortSignal,
): Promise<void> {
  const text = JSON.stringify(body);
  if (
    fault?.fault === 'slow-first-token' &&
    !(await abortableDelay(fault.delayMs ?? defaultSlowFirstTokenMs, signal))
  )
    return;
  if (fault?.fault === 'stream-stall') {
    if (fault.delayMs === undefined) return untilAborted(signal);
    if (!(await abortableDelay(fault.delayMs, signal))) return;
  }
  if (fault?.fault === 'stream-cut') {
    res.writeHead(200, baseHeaders({ 'content-type': 'application/json' }));
    res.write(text.slice(0, Math.floor(text.length / 2)));
    await abortableDelay(5, signal);
    res.socket?.destroy();
    return;
  }
  if (fault?.fault === 'malformed-chunk' || fault?.fault === 'missing-terminal-event') {
    res.writeHead(200, baseHeaders({ 'content-type': 'application/json' }));
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  sendJson(res, 200, body);
}

/** Reads the request body as JSON: `{ ok: false }` when it is not JSON or exceeds the limit. */
export async function readJsonBody(
  req: IncomingMessage,
  limitBytes = 10 * 1024 * 1024,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) return { ok: false, reason: `the body exceeds ${limitBytes} bytes` };
    chunks.push(buffer);
  }
  if (size === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: `the body is not valid JSON (${(error as Error).message})` };
  }
}
