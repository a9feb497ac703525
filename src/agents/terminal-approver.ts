import { createInterface } from 'node:readline/promises';
import type { Approver } from './tools/permission-policy.js';

/**
 * Asks the person at the terminal before each write or command (`ask` mode). Questions are serialised:
 * parallel tool calls or delegated agents wait their turn instead of interleaving prompts.
 */
export function createTerminalApprover(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Approver {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = queue.then(async () => {
      const rl = createInterface({ input, output, terminal: Boolean((output as { isTTY?: boolean }).isTTY) });
      try {
        const reply = await rl.question(
          `\nallow ${request.agent} to ${request.tool}: ${request.summary}? [y/N] `,
        );
        return /^y(es)?$/i.test(reply.trim());
      } finally {
        rl.close();
      }
    });
    queue = answer.catch(() => undefined);
    return answer;
  };
}
