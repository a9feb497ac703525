/**
 * `ax server`: the HTTP face of AutomatosX (Hono on Node): a versioned JSON API over the same engine,
 * store, agents and providers the CLI uses, live events as Server-Sent Events, `/openapi.json`
 * generated from zod schemas, Prometheus `/metrics`, a dashboard at `/`, and auto-resume of runs whose
 * holder died.
 *
 * ```ts
 * const server = await startServer({ port: 0, mount: (app) => app.all('/mcp', mcpHandler) });
 * console.log(server.url, server.token.source);
 * await server.close();
 * ```
 */
export { ApiError, toErrorResponse } from './api-error.js';
export { type ApiRouteDoc, ApiRoutes } from './api-route.js';
export { AutoResumer, type AutoResumerOptions, autoResumedEvent } from './auto-resumer.js';
export {
  createServerApp,
  type ServerApp,
  type ServerAppOptions,
  sessionCookie,
} from './create-server-app.js';
export { EventFeed, type EventFeedOptions } from './event-feed.js';
export { createServerMetrics, type ServerMetrics, type ServerMetricsOptions } from './server-metrics.js';
export {
  createServerServices,
  type ServerServices,
  type ServerServicesOptions,
} from './server-services.js';
export { loadServerToken, type ServerToken } from './server-token.js';
export { type RunningServer, type StartServerOptions, startServer } from './start-server.js';
