/**
 * MCP both ways. As a client: the servers of `mcpServers` in `automatosx.config.json`, whose tools
 * join an agent's tool loop. As a server: `ax mcp` (stdio) and `/mcp` of `ax server` (Streamable
 * HTTP) give coding assistants AutomatosX's agents, workflows, code search and memory.
 */

export { createConfiguredMcpPool } from './configured-mcp-pool.js';
export {
  type ConnectOptions,
  connectMcpServer,
  describeEntry,
  type McpConnection,
} from './connect-mcp-server.js';
export { expandEnvironment } from './expand-environment.js';
export { createMcpClientPool, type McpClientPool, type McpClientPoolOptions } from './mcp-client-pool.js';
export { McpServerError, UnknownMcpServerError } from './mcp-errors.js';
export { mcpToolOutput } from './mcp-tool-output.js';
