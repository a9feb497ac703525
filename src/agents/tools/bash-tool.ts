import { tool } from 'ai';
import { z } from 'zod';
import { PermissionMode } from './permission-policy.js';
import { readOnlyViolation } from './read-only-commands.js';
import { type CommandResult, runCommand } from './run-command.js';
import type { ToolContext } from './tool-context.js';
import { PermissionDeniedError } from './tool-errors.js';

export const bashInputSchema = z.object({
  command: z.string().min(1).describe('a /bin/sh command line, run in the workspace folder'),
  timeoutMs: z.number().int().positive().optional().describe('how long it may run, in milliseconds'),
});

/** The `bash` tool: a shell command in the workspace, bounded in time and output, secrets scrubbed. */
export function createBashTool(context: ToolContext) {
  return tool({
    description:
      'Run a shell command in the workspace folder and get its exit code, stdout and stderr. ' +
      `Output is capped at ${context.limits.maxCommandOutputBytes} bytes per stream; ` +
      `the default timeout is ${context.limits.commandTimeoutMs} ms. Environment variables holding secrets are removed.`,
    inputSchema: bashInputSchema,
    execute: async (input, { abortSignal }): Promise<CommandResult> => {
      if (context.permissions.mode === PermissionMode.readOnly) {
        const violation = readOnlyViolation(input.command);
        if (violation) {
          throw new PermissionDeniedError(
            `bash: "${input.command}" is not allowed in read-only mode: ${violation}; ` +
              'run with --permissions ask or --permissions auto to allow commands that change things',
          );
        }
      } else {
        await context.permissions.authorize({
          agent: context.agent,
          tool: 'bash',
          kind: 'command',
          summary: input.command,
        });
      }
      const limits = context.limits;
      return runCommand(input.command, {
        cwd: context.workspace.root,
        timeoutMs: Math.min(input.timeoutMs ?? limits.commandTimeoutMs, limits.maxCommandTimeoutMs),
        maxOutputBytes: limits.maxCommandOutputBytes,
        ...(abortSignal ? { signal: abortSignal } : {}),
      });
    },
  });
}
