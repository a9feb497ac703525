export { createAutomatosxMcpServer } from './create-automatosx-mcp-server.js';
export { createMcpHttpEndpoint, type McpHttpEndpoint } from './mcp-http-endpoint.js';
export { McpServerContext, type McpServerContextOptions } from './mcp-server-context.js';
export { serveMcpStdio } from './serve-stdio.js';
