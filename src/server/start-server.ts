import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { InvalidInputError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { AutoResumer } from './auto-resumer.js';
import { createServerApp } from './create-server-app.js';
import { createServerMetrics, type ServerMetrics } from './server-metrics.js';
import { createServerServices, type ServerServices, type ServerServicesOptions } from './server-services.js';
import { loadServerToken, type ServerToken } from './server-token.js';

export interface StartServerOptions extends ServerServicesOptions {
  /** Default 127.0.0.1. Any other address needs an explicit token (AX_API_TOKEN or `token`). */
  host?: string;
  /** Default 7420; 0 picks a free port. */
  port?: number;
  /** The token; default `AX_API_TOKEN`, else generated into `tokenFile`. */
  token?: string;
  /** Default `.automatosx/api-token` in the project directory. */
  tokenFile?: string;
  metricsPublic?: boolean;
  /** Resume runs whose holder died, at start and whenever one is seen (default true). */
  autoResume?: boolean;
  autoResumeIntervalMs?: number;
  /** Extra routes behind the token (e.g. MCP at /mcp); see ServerAppOptions.mount. */
  mount?: (app: Hono) => void;
  /** Queue depth and workers for /metrics when steps are dispatched to workers. */
  queue?: () => Promise<{ depth: number; workers: number }>;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  version?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: ServerToken;
  services: ServerServices;
  metrics: ServerMetrics;
  app: Hono;
  /** Executions resumed by the first look at start. */
  resumedAtStart: string[];
  /** Stops listening, pauses the runs of this process (resumable) and closes the store. */
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/** `ax server`: the API, events, dashboard and metrics over the runtime the CLI uses, listening. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const env = options.env ?? process.env;
  const projectDirectory = options.projectDirectory ?? process.cwd();
  const token: ServerToken =
    options.token !== undefined
      ? { token: options.token, source: 'the token option', explicit: true }
      : loadServerToken(options.tokenFile ?? join(projectDirectory, '.automatosx', 'api-token'), env);
  if (!loopback.has(host) && !token.explicit)
    throw new InvalidInputError(
      `refusing to listen on ${host} with a generated token: set AX_API_TOKEN to a token you chose (and put TLS in front, see docs/http-api.md), or bind 127.0.0.1`,
      { code: 'bind-needs-token' },
    );
  const logger = options.logger;
  const services = await createServerServices({
    ...options,
    onRunError: (executionId, error) =>
      logger?.error({ executionId, err: error }, `run ${executionId} ended with an error`),
  });
  const metrics = createServerMetrics({
    store: services.store,
    engine: services.engine,
    ...(services.providers ? { router: services.providers.router } : {}),
    ...(options.queue ? { queue: options.queue } : services.queueStats ? { queue: services.queueStats } : {}),
  });
  services.onAgentEvent((event) => {
    if (
      event.type === 'tool-result' &&
      (event.errorCode === 'sandbox-violation' || event.errorCode === 'permission-denied')
    )
      metrics.sandboxRefusal(event.errorCode);
  });
  const { app } = createServerApp({
    services,
    metrics,
    token: token.token,
    ...(options.metricsPublic === undefined ? {} : { metricsPublic: options.metricsPublic }),
    ...(options.mount ? { mount: options.mount } : {}),
    ...(options.version ? { version: options.version } : {}),
    onError: (error, where) => logger?.error({ err: error, where }, 'request failed'),
  });
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 7420 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new InvalidInputError(
              `port ${options.port ?? 7420} on ${host} is in use: pick another with --port`,
              {
                code: 'port-in-use',
              },
            )
          : error,
      ),
    );
  }).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const resumer =
    options.autoResume === false
      ? undefined
      : new AutoResumer({
          store: services.store,
          resume: (executionId) => services.launcher.resume(executionId),
          ...(options.autoResumeIntervalMs === undefined ? {} : { intervalMs: options.autoResumeIntervalMs }),
          onResumed: (executionId, holder) => {
            metrics.autoResumed();
            logger?.info(
              { executionId, deadHolder: holder },
              `resumed ${executionId}: its holder${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''} is gone`,
            );
          },
          onError: (executionId, error) =>
            logger?.warn({ executionId, err: error }, `could not resume ${executionId}`),
        });
  const resumedAtStart = (await resumer?.start()) ?? [];
  return {
    url: `http://${shownHost}:${port}`,
    port,
    token,
    services,
    metrics,
    app,
    resumedAtStart,
    async close() {
      resumer?.stop();
      await services.launcher.pauseAll();
      services.feed.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await services.close();
    },
  };
}
