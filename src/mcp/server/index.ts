export { createAutomatosxMcpServer } from './create-automatosx-mcp-server.js';
export { McpServerContext, type McpServerContextOptions } from './mcp-server-context.js';
export { serveMcpStdio } from './serve-stdio.js';
