import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { isStdioServerEntry, type McpServerEntry } from '../config/index.js';
import { isSecretName } from '../secrets/index.js';
import { expandEnvironment, expandRecord } from './expand-environment.js';
import { McpServerError } from './mcp-errors.js';

/** A started (or reached) MCP server: its client, its tools, and how to stop it. */
export interface McpConnection {
  name: string;
  client: Client;
  tools: Tool[];
  /** Values from `env` and `headers`: the runtime redacts them from what the server returns. */
  secrets: string[];
  /** The process id of a stdio server. */
  pid?: number;
  /** Milliseconds a tool call may take. */
  timeoutMs: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder a stdio server starts in unless its entry says `cwd` (default: the working directory). */
  cwd?: string;
  /** How long starting and the first handshake may take (default 30 s). */
  startTimeoutMs?: number;
  clientVersion?: string;
}

const defaultCallTimeoutMs = 60_000;

/**
 * Starts a stdio server (or connects to a remote one), does the MCP handshake and lists its tools.
 * A stdio server's stderr is kept (its last 4 KB), so a server that dies on start says why.
 */
export async function connectMcpServer(
  name: string,
  entry: McpServerEntry,
  options: ConnectOptions = {},
): Promise<McpConnection> {
  const env = options.env ?? process.env;
  const { transport, secrets, stderr } = createTransport(name, entry, env, options.cwd);
  const client = new Client({ name: 'automatosx', version: options.clientVersion ?? '0.1.0' });
  const timeout = options.startTimeoutMs ?? 30_000;
  try {
    await client.connect(transport, { timeout });
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const pid = transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
    return {
      name,
      client,
      tools,
      secrets,
      ...(pid === undefined ? {} : { pid }),
      timeoutMs: entry.timeout ?? defaultCallTimeoutMs,
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const said = stderr().trim();
    throw new McpServerError(
      name,
      `${describeEntry(entry)} did not start: ${reason}${said ? `\nits stderr ended with:\n${said}` : ''}`,
      error,
    );
  }
}

/** `npx -y @modelcontextprotocol/server-github` or the URL: how a person recognises the entry. */
export function describeEntry(entry: McpServerEntry): string {
  return isStdioServerEntry(entry) ? [entry.command, ...entry.args].join(' ') : entry.url;
}

function createTransport(
  name: string,
  entry: McpServerEntry,
  env: NodeJS.ProcessEnv,
  cwd: string | undefined,
): { transport: Transport; secrets: string[]; stderr: () => string } {
  const field = `mcpServers.${name}`;
  if (isStdioServerEntry(entry)) {
    const serverEnv = expandRecord(entry.env, env, `${field}.env`);
    const transport = new StdioClientTransport({
      command: expandEnvironment(entry.command, env, `${field}.command`),
      args: entry.args.map((arg, index) => expandEnvironment(arg, env, `${field}.args[${index}]`)),
      env: serverEnv,
      stderr: 'pipe',
      ...optionalCwd(entry.cwd ?? cwd),
    });
    let tail = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    return { transport, secrets: secretValues(serverEnv), stderr: () => tail };
  }
  const headers = expandRecord(entry.headers, env, `${field}.headers`);
  const url = new URL(expandEnvironment(entry.url, env, `${field}.url`));
  const requestInit = { headers };
  const transport =
    entry.type === 'sse'
      ? new SSEClientTransport(url, { requestInit })
      : new StreamableHTTPClientTransport(url, { requestInit });
  return { transport, secrets: secretValues(headers), stderr: () => '' };
}

/** Values under secret-shaped names (`GITHUB_TOKEN`, `Authorization`), long enough to be credentials. */
function secretValues(record: Record<string, string>): string[] {
  return Object.entries(record)
    .filter(([key]) => isSecretName(key))
    .map(([, value]) => value.replace(/^(Bearer|Basic)\s+/i, ''))
    .filter((value) => value.length >= 8);
}

function optionalCwd(cwd: string | undefined): { cwd?: string } {
  return cwd === undefined ? {} : { cwd };
}
