import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { ApiError, invalidRequest } from './api-error.js';

export interface ApiRouteDoc<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post';
  /** Hono path, e.g. `/api/v1/executions/:id`. */
  path: string;
  summary: string;
  tag: string;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** The answer's content type when it is not JSON (`text/event-stream`, `text/plain`). */
  produces?: string;
  /** Status of a successful answer (default 200). */
  status?: 200 | 201 | 202;
  /** Answers without a token. */
  public?: boolean;
  /** Error statuses this route can answer besides 401 (e.g. 400, 404, 409). */
  errors?: number[];
}

export interface RouteInput<Q extends z.ZodType, B extends z.ZodType> {
  query: z.output<Q>;
  body: z.output<B>;
  params: Record<string, string>;
}

/**
 * A table of the API's routes. `add` registers a route on the Hono app with its query and body checked
 * against the zod schemas (400 with each field's path otherwise), and keeps the route's description,
 * from which `/openapi.json` is generated.
 */
export class ApiRoutes {
  readonly docs: ApiRouteDoc[] = [];

  constructor(readonly app: Hono) {}

  add<Q extends z.ZodType, B extends z.ZodType>(
    doc: ApiRouteDoc<Q, B>,
    handler: (c: Context, input: RouteInput<Q, B>) => Response | Promise<Response>,
  ): void {
    this.docs.push(doc as ApiRouteDoc);
    this.app.on(doc.method.toUpperCase(), doc.path, async (c) => {
      const query = doc.query ? parse(doc.query, c.req.query(), 'query') : undefined;
      let body: unknown;
      if (doc.body) {
        let raw: unknown = {};
        const text = await c.req.text();
        if (text.trim() !== '') {
          try {
            raw = JSON.parse(text);
          } catch (error) {
            throw new ApiError(400, 'invalid-json', `body: not valid JSON (${(error as Error).message})`);
          }
        }
        body = parse(doc.body, raw, 'body');
      }
      return handler(c, {
        query: query as z.output<Q>,
        body: body as z.output<B>,
        params: c.req.param() as Record<string, string>,
      });
    });
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query'): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}
