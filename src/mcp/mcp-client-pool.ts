import type { McpToolHandle, McpToolSource } from '../agents/index.js';
import type { McpServerEntry } from '../config/index.js';
import { nearestNames } from '../errors/index.js';
import { type ConnectOptions, connectMcpServer, type McpConnection } from './connect-mcp-server.js';
import { McpServerError, UnknownMcpServerError } from './mcp-errors.js';
import { mcpToolOutput } from './mcp-tool-output.js';

export interface McpClientPoolOptions extends ConnectOptions {
  /** `mcpServers` of the configuration. */
  servers: Record<string, McpServerEntry>;
}

/**
 * The MCP servers of one run: each is started (or reached) the first time an agent needs it, shared
 * by every agent of the run, and stopped by `close()` at the run's end. A server that went away is
 * started again on the next call.
 */
export interface McpClientPool extends McpToolSource {
  /** The configured server names. */
  readonly names: string[];
  connect(name: string, signal?: AbortSignal): Promise<McpConnection>;
  close(): Promise<void>;
}

export function createMcpClientPool(options: McpClientPoolOptions): McpClientPool {
  const { servers, ...connectOptions } = options;
  const names = Object.keys(servers);
  const connections = new Map<string, Promise<McpConnection>>();
  let closed = false;

  const connect = (name: string): Promise<McpConnection> => {
    if (closed)
      return Promise.reject(new McpServerError(name, 'the run has ended; its MCP servers are stopped'));
    const entry = servers[name];
    if (!entry) return Promise.reject(unknownServer(name, names));
    if (entry.disabled)
      return Promise.reject(new UnknownMcpServerError(`MCP server "${name}" is disabled in mcpServers`));
    const existing = connections.get(name);
    if (existing) return existing;
    const started = connectMcpServer(name, entry, connectOptions).then((connection) => {
      // A server that exits or drops the connection is started afresh by the next call.
      connection.client.onclose = () => {
        if (connections.get(name) === started) connections.delete(name);
      };
      return connection;
    });
    started.catch(() => connections.delete(name));
    connections.set(name, started);
    return started;
  };

  const handleFor = (connection: McpConnection, tool: McpConnection['tools'][number]): McpToolHandle => ({
    server: connection.name,
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    inputSchema: tool.inputSchema as Record<string, unknown>,
    readOnly: tool.annotations?.readOnlyHint === true,
    secrets: connection.secrets,
    call: async (input, signal) => {
      const current = await connect(connection.name);
      try {
        const result = await current.client.callTool({ name: tool.name, arguments: input }, undefined, {
          timeout: current.timeoutMs,
          resetTimeoutOnProgress: true,
          ...(signal ? { signal } : {}),
        });
        return mcpToolOutput(result as Parameters<typeof mcpToolOutput>[0]);
      } catch (error) {
        if (signal?.aborted) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new McpServerError(connection.name, `calling ${tool.name} failed: ${reason}`, error);
      }
    },
  });

  return {
    names,
    connect: (name) => connect(name),
    async tools(entries) {
      const wanted = new Map<string, Set<string> | 'all'>();
      for (const entry of entries) {
        const slash = entry.indexOf('/');
        const server = slash === -1 ? entry : entry.slice(0, slash);
        if (!Object.hasOwn(servers, server)) throw unknownServer(server, names);
        const current = wanted.get(server);
        if (slash === -1 || current === 'all') wanted.set(server, 'all');
        else wanted.set(server, new Set([...(current ?? []), entry.slice(slash + 1)]));
      }
      const handles: McpToolHandle[] = [];
      for (const [server, selection] of wanted) {
        const connection = await connect(server);
        if (selection !== 'all') {
          const offered = connection.tools.map((tool) => tool.name);
          for (const name of selection) {
            if (!offered.includes(name)) {
              const near = nearestNames(name, offered);
              throw new UnknownMcpServerError(
                `MCP server "${server}" has no tool "${name}"${near.length ? ` — did you mean "${near[0]}"?` : ''} (its tools: ${offered.join(', ') || 'none'})`,
              );
            }
          }
        }
        for (const tool of connection.tools) {
          if (selection === 'all' || selection.has(tool.name)) handles.push(handleFor(connection, tool));
        }
      }
      return handles;
    },
    async close() {
      closed = true;
      const open = [...connections.values()];
      connections.clear();
      await Promise.allSettled(open.map(async (pending) => (await pending).close()));
    },
  };
}

function unknownServer(name: string, names: readonly string[]): UnknownMcpServerError {
  const near = nearestNames(name, names);
  return new UnknownMcpServerError(
    `no MCP server "${name}" in mcpServers of automatosx.config.json${near.length ? ` — did you mean "${near[0]}"?` : ''} (configured: ${names.join(', ') || 'none'})`,
  );
}
