import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

/** The dashboard's own files: plain ES modules and CSS in the package's `dashboard/` folder. */
export const dashboardDirectory = fileURLToPath(new URL('../../dashboard/', import.meta.url));

const require = createRequire(import.meta.url);
/** The ES module build next to what `require.resolve` finds (`dist/x.js` or `dist/x.mjs`). */
const moduleBuild = (specifier: string, file: string) => join(dirname(require.resolve(specifier)), file);

/** Preact and htm, served from the installed packages: no CDN, no bundler, ~17 KB in all. */
const vendor: Record<string, () => string> = {
  'preact.mjs': () => moduleBuild('preact', 'preact.mjs'),
  'hooks.mjs': () => moduleBuild('preact/hooks', 'hooks.mjs'),
  'htm.mjs': () => moduleBuild('htm', 'htm.mjs'),
};

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * `/` and `/assets/*`: the single-page dashboard. The files hold no data (everything comes from the API
 * after login), so they are served without the token; only names listed in the folder are served.
 */
export function addDashboardRoutes(app: Hono): void {
  const cache = new Map<string, string>();
  const read = (file: string) => {
    let text = cache.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8');
      cache.set(file, text);
    }
    return text;
  };
  const headers = (name: string) => ({
    'content-type': types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  app.get('/', (c) =>
    c.body(read(join(dashboardDirectory, 'index.html')), 200, {
      ...headers('index.html'),
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    }),
  );
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/vendor/:name', (c) => {
    const locate = vendor[c.req.param('name')];
    if (!locate) return c.notFound();
    // The hooks import the bare name "preact"; browsers without an import map need the URL.
    const text = read(locate()).replaceAll(/from\s*"preact"/g, 'from"/assets/vendor/preact.mjs"');
    return c.body(text, 200, headers(c.req.param('name')));
  });
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!/^[\w-]+\.(js|css|svg)$/.test(name)) return c.notFound();
    try {
      return c.body(read(join(dashboardDirectory, name)), 200, headers(name));
    } catch {
      return c.notFound();
    }
  });
}
