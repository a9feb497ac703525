import { AutomatosxError, InvalidInputError } from '../errors/index.js';

/** A configured MCP server could not be started or reached, or broke off; the message says why. */
export class McpServerError extends AutomatosxError {
  readonly server: string;

  constructor(server: string, message: string, cause?: unknown) {
    super(`MCP server "${server}": ${message}`, { code: 'mcp-server-failed', cause });
    this.server = server;
  }
}

/** An agent profile or a command names an MCP server or tool that is not configured. */
export class UnknownMcpServerError extends InvalidInputError {
  constructor(message: string) {
    super(message, { code: 'mcp-server-unknown' });
  }
}
