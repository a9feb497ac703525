import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { formatTable, PermissionMode, permissionModes } from '../agents/index.js';
import { isStdioServerEntry, loadConfig, type McpServerEntry } from '../config/index.js';
import { InvalidInputError } from '../errors/index.js';

interface ServeOptions {
  permissions: PermissionMode;
  project?: string;
  db?: string;
  simulator?: boolean;
}

interface ServerReport {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  target: string;
  disabled: boolean;
  starts: boolean;
  error?: string;
  tools: Array<{ name: string; readOnly: boolean; description?: string }>;
}

/** `ax mcp`: serve AutomatosX over MCP on stdio; `ax mcp list`: the MCP servers agents may use. */
export function mcpCommand(): Command {
  const command = new Command('mcp').description(
    'MCP: serve AutomatosX to coding assistants (stdio), or list the MCP servers agents use',
  );

  command
    .command('serve', { isDefault: true })
    .description('serve agents, workflows, code search and memory over MCP on stdio (what assistants launch)')
    .addOption(
      new Option(
        '--permissions <mode>',
        'the widest mode an MCP caller gets: read-only (default), ask (the client asks its user) or auto',
      )
        .choices(permissionModes)
        .default(PermissionMode.readOnly),
    )
    .option(
      '--project <dir>',
      'the project (agents, workflows, config, workspace); default: the folder it is started in',
    )
    .option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)')
    .option('--simulator', 'answer with the built-in simulator even when provider keys are set')
    .addHelpText(
      'after',
      '\nExamples:\n  ax mcp                          (Claude Code: claude mcp add automatosx -- npx ax mcp)\n' +
        '  ax mcp --permissions auto       (agents may write in the project, workflows may run shell steps)\n\n' +
        'stdout carries MCP messages only; see docs/mcp.md for Claude Code, Claude Desktop, Cursor and Codex.',
    )
    .action(async (options: ServeOptions) => {
      // Clients such as Claude Desktop start servers in a folder of their own: --project says where to work.
      if (options.project !== undefined) process.chdir(projectDirectory(options.project));
      const { serveMcpStdio } = await import('../mcp/server/index.js');
      await serveMcpStdio({
        permissions: options.permissions,
        ...(options.db === undefined ? {} : { databasePath: options.db }),
        ...(options.simulator ? { simulator: true } : {}),
        version: process.env.npm_package_version ?? '0.1.0',
      });
    });

  command
    .command('list')
    .description('show each server of mcpServers in automatosx.config.json: whether it starts, and its tools')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', '\nExamples:\n  ax mcp list\n  ax mcp list --json')
    .action(async (options: { json?: boolean }) => {
      const { config, path } = loadConfig();
      const entries = Object.entries(config.mcpServers);
      const reports = await Promise.all(entries.map(([name, entry]) => probe(name, entry)));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ config: path ?? null, servers: reports }, null, 2)}\n`);
      } else if (reports.length === 0) {
        process.stdout.write(
          `no MCP servers configured${path ? ` in ${path}` : ''}: add "mcpServers" to automatosx.config.json (see docs/mcp.md)\n`,
        );
      } else {
        process.stdout.write(render(reports));
      }
      if (reports.some((report) => !report.disabled && !report.starts)) process.exitCode = 1;
    });

  return command;
}

function projectDirectory(path: string): string {
  const directory = resolve(path);
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory())
    throw new InvalidInputError(`--project ${path}: no such folder`, { code: 'usage' });
  return directory;
}

/** Starts (or reaches) the server, lists its tools and stops it again. */
async function probe(name: string, entry: McpServerEntry): Promise<ServerReport> {
  const stdio = isStdioServerEntry(entry);
  const base = {
    name,
    transport: stdio ? ('stdio' as const) : entry.type === 'sse' ? ('sse' as const) : ('http' as const),
    target: stdio ? [entry.command, ...entry.args].join(' ') : entry.url,
    disabled: entry.disabled,
  };
  if (entry.disabled) return { ...base, starts: false, tools: [] };
  const { connectMcpServer } = await import('../mcp/index.js');
  try {
    const connection = await connectMcpServer(name, entry, { startTimeoutMs: 15_000 });
    await connection.close();
    return {
      ...base,
      starts: true,
      tools: connection.tools.map((tool) => ({
        name: tool.name,
        readOnly: tool.annotations?.readOnlyHint === true,
        ...(tool.description === undefined ? {} : { description: tool.description }),
      })),
    };
  } catch (error) {
    return {
      ...base,
      starts: false,
      error: error instanceof Error ? error.message : String(error),
      tools: [],
    };
  }
}

function render(reports: readonly ServerReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const state = report.disabled
      ? 'disabled'
      : report.starts
        ? `starts, ${report.tools.length} tools`
        : 'FAILS';
    lines.push(`${report.name}  (${report.transport}: ${report.target})  ${state}`);
    if (report.error) lines.push(...report.error.split('\n').map((line) => `  ${line}`));
    if (report.tools.length > 0) {
      const rows = report.tools.map((tool) => [
        `  ${tool.name}`,
        tool.readOnly ? 'read-only' : 'writes',
        shorten((tool.description ?? '').split('\n')[0] ?? '', 70),
      ]);
      lines.push(formatTable(rows));
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}
