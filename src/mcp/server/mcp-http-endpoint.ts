import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createAutomatosxMcpServer } from './create-automatosx-mcp-server.js';
import { McpServerContext, type McpServerContextOptions } from './mcp-server-context.js';

/** MCP over Streamable HTTP for `ax server`: give it each request to `/mcp`, close it with the server. */
export interface McpHttpEndpoint {
  handle(request: Request): Promise<Response>;
  /** Pauses runs started over MCP (resumable) and closes what the tools opened. */
  close(): Promise<void>;
}

/**
 * Stateless Streamable HTTP (a fresh MCP server and transport per request, the SDK's pattern for
 * servers behind a load balancer), over one context that lives as long as `ax server`: runs started
 * by `run_workflow` go on between requests, and their state is in the shared store. The bearer token
 * is checked by `ax server` before a request gets here. Progress notifications travel on each POST's
 * event stream; asking the user (`ask` mode) needs a session, so over HTTP it refuses instead.
 */
export function createMcpHttpEndpoint(
  options: McpServerContextOptions & { version?: string } = {},
): McpHttpEndpoint {
  const context = new McpServerContext(options);
  return {
    async handle(request) {
      const server = createAutomatosxMcpServer(context, options.version);
      const transport = new WebStandardStreamableHTTPServerTransport({});
      await server.connect(transport);
      return transport.handleRequest(request);
    },
    close: () => context.close(),
  };
}
