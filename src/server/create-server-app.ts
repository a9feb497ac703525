import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { routePath } from 'hono/route';
import { ApiError, toErrorResponse } from './api-error.js';
import { ApiRoutes } from './api-route.js';
import { SessionBody } from './api-schemas.js';
import { addCatalogRoutes } from './catalog-routes.js';
import { addDashboardRoutes } from './dashboard-routes.js';
import { addExecutionRoutes } from './execution-routes.js';
import { buildOpenApiDocument } from './openapi-document.js';
import type { ServerMetrics } from './server-metrics.js';
import type { ServerServices } from './server-services.js';
import { tokenMatches } from './server-token.js';

export const sessionCookie = 'ax_session';

export interface ServerAppOptions {
  services: ServerServices;
  metrics: ServerMetrics;
  /** The bearer token every route but the public ones requires. */
  token: string;
  /** Serve `/metrics` without the token (for a scraper on a trusted network). */
  metricsPublic?: boolean;
  version?: string;
  /**
   * Adds routes behind the token, after the API's own: e.g. MCP over Streamable HTTP,
   * `mount: (app) => app.all('/mcp', handler)`. Errors thrown there answer as JSON like the rest.
   */
  mount?: (app: Hono) => void;
  /** Log of unexpected errors (never sent to clients). */
  onError?: (error: unknown, where: string) => void;
}

export interface ServerApp {
  app: Hono;
  routes: ApiRoutes;
  openapi: Record<string, unknown>;
}

/** Paths answered without a token: health, the dashboard's static shell and the login itself. */
function isPublic(path: string, method: string, metricsPublic: boolean): boolean {
  if (path === '/healthz' || path === '/' || path === '/favicon.ico' || path.startsWith('/assets/'))
    return true;
  if (path === '/api/v1/session' && method === 'POST') return true;
  return metricsPublic && path === '/metrics';
}

/**
 * The HTTP face of AutomatosX (Hono): the versioned JSON API, live events, `/openapi.json`,
 * `/metrics`, the dashboard at `/`. A token is required as `Authorization: Bearer …` or as the
 * dashboard's session cookie (HttpOnly, SameSite=Strict); every error is JSON with a stable `code`.
 */
export function createServerApp(options: ServerAppOptions): ServerApp {
  const { services, metrics } = options;
  const app = new Hono();
  const version = options.version ?? '0.1.0';

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status === 500) options.onError?.(error, `${c.req.method} ${c.req.path}`);
    return c.json(body, status);
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not-found', message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.use(async (c, next) => {
    await next();
    metrics.observeRequest(c.req.method, routePath(c, -1) || 'unmatched', c.res.status);
  });

  app.use(async (c, next) => {
    if (isPublic(c.req.path, c.req.method, options.metricsPublic ?? false)) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const [scheme, given] = header.split(' ', 2);
      if (scheme?.toLowerCase() !== 'bearer' || !tokenMatches(options.token, given?.trim()))
        throw new ApiError(401, 'unauthorized', 'the bearer token is not valid');
      return next();
    }
    const cookie = getCookie(c, sessionCookie);
    if (cookie === undefined || !tokenMatches(options.token, cookie))
      throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <token> (see ax server output)');
    // A session cookie is sent by the browser on its own: refuse writes that come from another site.
    const origin = c.req.header('origin');
    if (c.req.method !== 'GET' && origin !== undefined && new URL(origin).host !== c.req.header('host'))
      throw new ApiError(403, 'cross-origin', `requests from ${origin} are not allowed`);
    return next();
  });

  app.get('/healthz', (c) => c.json({ ok: true, version }));

  app.post('/api/v1/session', async (c) => {
    const parsed = SessionBody.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success || !tokenMatches(options.token, parsed.data.token))
      throw new ApiError(401, 'unauthorized', 'that is not the token of this server');
    setCookie(c, sessionCookie, parsed.data.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.json({ ok: true });
  });
  app.delete('/api/v1/session', (c) => {
    setCookie(c, sessionCookie, '', { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 0 });
    return c.json({ ok: true });
  });

  app.get('/metrics', async (c) =>
    c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );

  const routes = new ApiRoutes(app);
  addExecutionRoutes(routes, { services, onStreamOpen: () => metrics.openStream() });
  addCatalogRoutes(routes, services);
  const openapi = buildOpenApiDocument(routes.docs, version);
  app.get('/openapi.json', (c) => c.json(openapi));
  addDashboardRoutes(app);
  options.mount?.(app);
  return { app, routes, openapi };
}
