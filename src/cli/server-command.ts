import { Command, InvalidArgumentError, Option } from 'commander';
import { PermissionMode, permissionModes } from '../agents/index.js';
import { resolveEffectiveConfig } from '../config/index.js';
import { createLogger, type LogLevel } from '../logging/index.js';
import type { RunningServer } from '../server/index.js';
import { processStopSignal } from './process-stop-signal.js';

export interface ServerCommandDeps {
  /** Stops the server when it aborts; defaults to SIGINT/SIGTERM. */
  stopSignal?: AbortSignal;
  write?: (text: string) => void;
  /** Called once the server listens, so tests can drive it. */
  onReady?: (server: RunningServer) => void;
}

interface ServerFlags {
  host: string;
  port: number;
  db?: string;
  autoResume: boolean;
  metricsPublic?: boolean;
  tokenFile?: string;
  json?: boolean;
  mcpPermissions: PermissionMode;
}

/** `ax server`: the HTTP API, live events, dashboard and metrics, until interrupted. */
export function serverCommand(deps: ServerCommandDeps = {}): Command {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  return new Command('server')
    .description('serve the HTTP API, live events, the dashboard and /metrics over this project')
    .addOption(
      new Option('--host <host>', 'address to bind (other than loopback needs AX_API_TOKEN)').default(
        '127.0.0.1',
      ),
    )
    .addOption(new Option('--port <n>', 'port, 0 for any free one').argParser(port).default(7420))
    .addOption(
      new Option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)'),
    )
    .addOption(
      new Option('--token-file <path>', 'where the generated token is kept (default .automatosx/api-token)'),
    )
    .addOption(new Option('--no-auto-resume', 'do not resume runs whose process died'))
    .addOption(new Option('--metrics-public', 'serve /metrics without the token'))
    .addOption(
      new Option('--mcp-permissions <mode>', 'the widest mode a caller of /mcp (MCP over HTTP) gets')
        .choices(permissionModes.filter((mode) => mode !== PermissionMode.ask))
        .default(PermissionMode.readOnly),
    )
    .addOption(new Option('--json', 'print one JSON line with the URL instead of text'))
    .addHelpText(
      'after',
      `
Every route but /healthz (and the dashboard's static files) needs Authorization: Bearer <token>.
MCP over Streamable HTTP is at /mcp behind the same token (see docs/mcp.md).
The token is AX_API_TOKEN, or generated on first start into .automatosx/api-token (mode 0600).
Put TLS in front with a reverse proxy; see docs/http-api.md.

Examples:
  ax server
  ax server --port 8080 --metrics-public
  AX_API_TOKEN=… ax server --host 0.0.0.0`,
    )
    .action(async (flags: ServerFlags) => {
      const [{ startServer }, { createMcpHttpEndpoint }] = await Promise.all([
        import('../server/index.js'),
        import('../mcp/server/index.js'),
      ]);
      const { settings } = resolveEffectiveConfig({ env: process.env });
      const logger = createLogger({
        level: settings.logLevel.value === 'warn' ? 'info' : (settings.logLevel.value as LogLevel),
        destination: settings.logFile.value,
        base: { component: 'server' },
      });
      const mcp = createMcpHttpEndpoint({
        permissions: flags.mcpPermissions,
        ...(flags.db === undefined ? {} : { databasePath: flags.db }),
        ...(process.env.npm_package_version ? { version: process.env.npm_package_version } : {}),
      });
      const server = await startServer({
        host: flags.host,
        mount: (app) => app.all('/mcp', (c) => mcp.handle(c.req.raw)),
        port: flags.port,
        autoResume: flags.autoResume,
        logger,
        ...(flags.db === undefined ? {} : { databasePath: flags.db }),
        ...(flags.tokenFile === undefined ? {} : { tokenFile: flags.tokenFile }),
        ...(flags.metricsPublic ? { metricsPublic: true } : {}),
        ...(process.env.npm_package_version ? { version: process.env.npm_package_version } : {}),
      });
      if (flags.json) {
        write(
          `${JSON.stringify({ url: server.url, token: server.token.source, resumed: server.resumedAtStart })}\n`,
        );
      } else {
        write(
          [
            `ax server listening on ${server.url}`,
            `  dashboard  ${server.url}/   (log in with the token)`,
            `  API        ${server.url}/api/v1   reference: ${server.url}/openapi.json`,
            `  MCP        ${server.url}/mcp   (Streamable HTTP, ${flags.mcpPermissions})`,
            `  token      ${server.token.source === 'AX_API_TOKEN' ? 'from AX_API_TOKEN' : `in ${server.token.source} (mode 0600)`}`,
            ...server.services.notices.map((notice) => `  note       ${notice}`),
            ...(server.resumedAtStart.length > 0
              ? [`  resumed    ${server.resumedAtStart.join(', ')} (their process had died)`]
              : []),
            '',
          ].join('\n'),
        );
      }
      deps.onReady?.(server);
      const stop = deps.stopSignal ?? processStopSignal();
      await new Promise<void>((resolve) => {
        if (stop.aborted) resolve();
        else stop.addEventListener('abort', () => resolve(), { once: true });
      });
      const paused = server.services.launcher.running;
      await server.close();
      await mcp.close();
      if (!flags.json && paused > 0)
        write(
          `paused ${paused} running execution(s); resume them from the dashboard or with ax workflow resume\n`,
        );
    });
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535)
    throw new InvalidArgumentError(`expected a port number 0-65535, got "${value}"`);
  return number;
}
