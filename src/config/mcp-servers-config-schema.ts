import { z } from 'zod';

/**
 * `mcpServers` in `automatosx.config.json`: the same shape people already write for Claude Code
 * (`.mcp.json`), Claude Desktop and Cursor, so an entry can be pasted as it is. Fields those tools add
 * for themselves (`autoApprove`, `alwaysAllow`, …) are accepted and ignored; `${VAR}` and
 * `${VAR:-default}` in `command`, `args`, `env`, `url` and `headers` are read from the environment.
 */
export const mcpServerNamePattern = /^[A-Za-z0-9_-]+$/;

const timeoutField = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('ms a tool call may take before it fails (default 60000)');

const stdioServerSchema = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1).describe('executable to start, e.g. npx, uvx, node'),
  args: z.array(z.string()).default([]),
  env: z
    .record(z.string(), z.string())
    .default({})
    .describe('added to a minimal environment (PATH, HOME, …): other variables are not inherited'),
  cwd: z.string().min(1).optional(),
  disabled: z.boolean().default(false),
  timeout: timeoutField,
});

const remoteServerSchema = z.looseObject({
  type: z
    .enum(['http', 'streamable-http', 'sse'])
    .optional()
    .describe('http (Streamable HTTP, the default) or sse (the older HTTP+SSE transport)'),
  url: z.url(),
  headers: z.record(z.string(), z.string()).default({}).describe('e.g. Authorization: Bearer ${MY_TOKEN}'),
  disabled: z.boolean().default(false),
  timeout: timeoutField,
});

export const mcpServerEntrySchema = z.union([stdioServerSchema, remoteServerSchema], {
  error: () => 'an MCP server needs either "command" (a local server over stdio) or "url" (a remote one)',
});
export type McpServerEntry = z.infer<typeof mcpServerEntrySchema>;
export type McpStdioServerEntry = z.infer<typeof stdioServerSchema>;
export type McpRemoteServerEntry = z.infer<typeof remoteServerSchema>;

export const mcpServersConfigSchema = z
  .record(z.string(), mcpServerEntrySchema)
  .superRefine((servers, context) => {
    // Checked here rather than as the record's key schema, whose error would not say what is wrong.
    for (const name of Object.keys(servers)) {
      if (!mcpServerNamePattern.test(name))
        context.addIssue({
          code: 'custom',
          path: [name],
          message: `"${name}" is not a valid MCP server name: use letters, digits, _ and -`,
        });
    }
  })
  .default({})
  .describe('MCP servers whose tools agents may use (profile field `mcp`), as in Claude Code or Desktop');

/** A local server started over stdio (it has `command`), as opposed to a remote one (`url`). */
export function isStdioServerEntry(entry: McpServerEntry): entry is McpStdioServerEntry {
  return typeof entry.command === 'string';
}
