import type { ServerResponse } from 'node:http';
import { abortableDelay, untilAborted } from './abortable-delay.js';
import { baseHeaders } from './simulated-response.js';
import type { FaultRule } from './simulator-options.js';
import type { StreamFrame } from './wire-format.js';

export interface Pacing {
  latencyMs: number;
  firstTokenMs: number;
  tokensPerSecond: number;
}

/** Default pause for `slow-first-token` when the rule gives no `delayMs`. */
export const defaultSlowFirstTokenMs = 2000;
/** Default number of content tokens delivered before a mid-stream fault. */
export const defaultAfterTokens = 3;

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
