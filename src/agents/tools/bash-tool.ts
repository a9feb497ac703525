import { tool } from 'ai';
import { z } from 'zod';
import { type CommandResult, runInSandbox, SandboxMode, type SandboxNetwork } from '../../sandbox/index.js';
import { PermissionMode } from './permission-policy.js';
import type { ToolContext } from './tool-context.js';

export const bashInputSchema = z.object({
  command: z.string().min(1).describe('a /bin/sh command line, run in the workspace folder'),
  timeoutMs: z.number().int().positive().optional().describe('how long it may run, in milliseconds'),
});

export interface BashToolOptions {
  /** Network through the sandbox's checking proxy, when the profile and the user allow it. */
  network?: SandboxNetwork;
}

/**
 * The `bash` tool: any shell command, run inside the OS sandbox. In `read-only` mode the workspace is
 * mounted read-only, so every command may run and none can change anything; in `ask` (once approved)
 * and `auto` modes the workspace is writable. Outside the workspace nothing is writable, credential
 * stores are unreadable and the network is off unless allowed.
 */
export function createBashTool(context: ToolContext, options: BashToolOptions = {}) {
  const where = context.unsandboxed
    ? 'WITHOUT a sandbox (--no-sandbox)'
    : 'inside an OS sandbox: nothing outside the workspace is writable, credential stores are unreadable';
  return tool({
    description:
      `Run a shell command in the workspace folder, ${where}, and get its exit code, stdout and stderr. ` +
      (context.permissions.mode === PermissionMode.readOnly
        ? 'The workspace is read-only in this run. '
        : '') +
      (options.network ? 'Network goes through a proxy that refuses private addresses. ' : 'No network. ') +
      `Output is capped at ${context.limits.maxCommandOutputBytes} bytes per stream; ` +
      `the default timeout is ${context.limits.commandTimeoutMs} ms. Environment variables holding secrets are removed.`,
    inputSchema: bashInputSchema,
    execute: async (input, { abortSignal }): Promise<CommandResult> => {
      const readOnly = context.permissions.mode === PermissionMode.readOnly;
      if (!readOnly) {
        await context.permissions.authorize({
          agent: context.agent,
          tool: 'bash',
          kind: 'command',
          summary: input.command,
        });
      }
      const limits = context.limits;
      return runInSandbox(input.command, {
        mode: readOnly ? SandboxMode.readOnly : SandboxMode.write,
        workspace: context.workspace.root,
        network: options.network ?? false,
        timeoutMs: Math.min(input.timeoutMs ?? limits.commandTimeoutMs, limits.maxCommandTimeoutMs),
        maxOutputBytes: limits.maxCommandOutputBytes,
        ...(context.unsandboxed ? { unconfined: true } : {}),
        ...(abortSignal ? { signal: abortSignal } : {}),
      });
    },
  });
}
