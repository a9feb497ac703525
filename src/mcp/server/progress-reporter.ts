import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

export type ToolRequest = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ProgressReporter {
  /** One step further (the spec wants the number to grow with every notification), saying what happened. */
  report(message: string): void;
  /** Resolves once every report is sent: a result must not overtake its last progress notification. */
  flush(): Promise<void>;
}

/**
 * Sends `notifications/progress` for this call when the client asked for them (it sent a progress
 * token); otherwise reports are dropped.
 */
export function progressReporter(request: ToolRequest): ProgressReporter {
  const token = request._meta?.progressToken;
  let progress = 0;
  let sent: Promise<void> = Promise.resolve();
  return {
    report(message) {
      if (token === undefined) return;
      progress++;
      const notification = {
        method: 'notifications/progress' as const,
        params: { progressToken: token, progress, message },
      };
      // Chained, so notifications leave in order and flush() waits for the last one.
      sent = sent.then(() => request.sendNotification(notification).catch(() => {}));
    },
    flush: () => sent,
  };
}
