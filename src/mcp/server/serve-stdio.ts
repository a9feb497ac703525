import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createAutomatosxMcpServer } from './create-automatosx-mcp-server.js';
import { McpServerContext, type McpServerContextOptions } from './mcp-server-context.js';

/**
 * `ax mcp`: serves MCP on stdin/stdout until the client closes stdin (or SIGINT/SIGTERM), then pauses
 * runs it started (resumable with `ax workflow resume`) and closes the database. stdout carries only
 * protocol messages: notices go to stderr.
 */
export async function serveMcpStdio(
  options: McpServerContextOptions & { version?: string } = {},
): Promise<void> {
  const context = new McpServerContext(options);
  const server = createAutomatosxMcpServer(context, options.version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  process.stderr.write(
    `automatosx MCP server on stdio (${context.permissions}; database ${context.databasePath})\n`,
  );
  await closed;
  await server.close().catch(() => {});
  await context.close();
}
