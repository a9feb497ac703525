import type { ServerResponse } from 'node:http';
import { abortableDelay, untilAborted } from './abortable-delay.js';
import { baseHeaders, sendJson } from './simulated-response.js';
import type { FaultRule } from './simulator-options.js';
import { defaultSlowFirstTokenMs } from './write-stream.js';

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
