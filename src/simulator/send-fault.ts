import type { ServerResponse } from 'node:http';
import { sendJson } from './simulated-response.js';
import type { FaultRule } from './simulator-options.js';
import type { WireFormat } from './wire-format.js';

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
