import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

export type ToolRequest = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Sends `notifications/progress` for this call when the client asked for them (it sent a progress
 * token); otherwise a no-op. Each report counts one further (the spec wants the number to grow with
 * every notification), and the message says what happened.
 */
export function progressReporter(request: ToolRequest): (message: string) => void {
  const token = request._meta?.progressToken;
  if (token === undefined) return () => {};
  let progress = 0;
  return (message) => {
    progress++;
    request
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress, message },
      })
      .catch(() => {});
  };
}
