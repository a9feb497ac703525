import { jsonSchema, tool } from 'ai';
import { z } from 'zod';
import { redactSecrets, secretsFromEnvironment } from '../../secrets/index.js';
import type { AgentTool } from './agent-tools.js';
import type { ToolContext } from './tool-context.js';
import { ToolError } from './tool-errors.js';

/** What an MCP tool call gave back, already turned into text and JSON by the MCP client. */
export interface McpToolOutput {
  /** The text content blocks, joined; other blocks are described in a line each. */
  text: string;
  /** The tool's `structuredContent`, when it sent one. */
  structured?: unknown;
  /** The server said the call failed (`isError`). */
  isError: boolean;
}

/** One tool of one configured MCP server, as the agent runtime sees it. */
export interface McpToolHandle {
  server: string;
  /** The tool's name on its server. */
  name: string;
  description?: string;
  /** JSON Schema of the input, as the server declared it. */
  inputSchema: Record<string, unknown>;
  /** The server marks the tool read-only (`annotations.readOnlyHint`). */
  readOnly: boolean;
  /** Secret values this server was configured with (env, headers), redacted from its results. */
  secrets: readonly string[];
  call(input: Record<string, unknown>, signal?: AbortSignal): Promise<McpToolOutput>;
}

/**
 * Where an agent's MCP tools come from: the configured servers, started on first use and reused for
 * the rest of the run (see `createMcpClientPool` in src/mcp).
 */
export interface McpToolSource {
  /** The tools that `entries` name ("server" or "server/tool"), starting servers as needed. */
  tools(entries: readonly string[], signal?: AbortSignal): Promise<McpToolHandle[]>;
}

/** `mcp__github__create_issue`: the name the model sees, in the characters every provider accepts. */
export function mcpToolName(server: string, name: string): string {
  return `mcp__${server}__${name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/**
 * An MCP tool for the tool loop. A tool its server marks read-only runs in every permission mode;
 * any other one is a change to the world outside the run, so it needs `auto` or a person's approval,
 * exactly like a write or a command. The result is redacted and capped like every tool result.
 */
export function createMcpAgentTool(handle: McpToolHandle, context: ToolContext): AgentTool {
  const name = mcpToolName(handle.server, handle.name);
  const inputSchema = zodFromJsonSchema(handle.inputSchema);
  const executable = tool({
    description: `${handle.description ?? handle.name} (MCP tool "${handle.name}" of server "${handle.server}"${handle.readOnly ? ', read-only' : ''})`,
    inputSchema: jsonSchema<Record<string, unknown>>(handle.inputSchema),
    execute: async (input, { abortSignal }) => {
      if (!handle.readOnly) {
        await context.permissions.authorize({
          agent: context.agent,
          tool: name,
          kind: 'command',
          summary: `call MCP tool ${handle.server}/${handle.name} ${preview(input)}`,
        });
      }
      const output = await handle.call(input, abortSignal);
      const secrets = [...handle.secrets, ...secretsFromEnvironment()];
      const text = redactSecrets(output.text, secrets) as string;
      if (output.isError) {
        throw new ToolError(
          `${handle.server}/${handle.name} failed: ${cap(text, context.limits.maxCommandOutputBytes)}`,
          'mcp-tool-error',
        );
      }
      const value = output.structured === undefined ? text : redactSecrets(output.structured, secrets);
      return capValue(value, context.limits.maxCommandOutputBytes);
    },
  });
  return { name, tool: executable, inputSchema };
}

/**
 * The runtime checks each call against a zod schema before running it; MCP tools declare JSON Schema,
 * which zod converts. A schema zod cannot convert still gets an object check, and the server checks
 * the rest (it answers a bad input with an error the model sees).
 */
function zodFromJsonSchema(schema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown());
  }
}

function preview(input: unknown): string {
  const text = JSON.stringify(input) ?? '';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Text past `maxBytes` is cut, with a line that says how much was left out. */
function cap(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  const kept = Buffer.from(text)
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${kept}\n… [truncated: ${bytes - Buffer.byteLength(kept)} of ${bytes} bytes left out]`;
}

/** JSON too large for the model's context becomes its capped text, saying so. */
function capValue(value: unknown, maxBytes: number): unknown {
  if (typeof value === 'string') return cap(value, maxBytes);
  const json = JSON.stringify(value) ?? 'null';
  return Buffer.byteLength(json) <= maxBytes ? value : cap(json, maxBytes);
}
