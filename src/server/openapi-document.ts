import { z } from 'zod';
import type { ApiRouteDoc } from './api-route.js';
import { apiSchemas } from './api-schemas.js';

const uri = (id: string) => `#/components/schemas/${id}`;

/**
 * The OpenAPI 3.1 document of the API, generated from the route table and its zod schemas (never
 * written by hand): named schemas become components, query schemas become parameters.
 */
export function buildOpenApiDocument(
  routes: readonly ApiRouteDoc[],
  version: string,
): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri, io: 'input', unrepresentable: 'any' });
  const components: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    components[id] = rest;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [...pathParameters, ...queryParameters(route.query)],
      responses: responses(route),
      ...(route.public ? { security: [] } : {}),
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
      };
    }
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AutomatosX API',
      version,
      description:
        'The HTTP API of `ax server`: workflow executions with live events (SSE), agents, providers, memory and code search.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token of ax server' } },
    },
  };
}

function responses(route: ApiRouteDoc): Record<string, unknown> {
  const ok: Record<string, unknown> = { description: 'success' };
  if (route.produces) ok.content = { [route.produces]: { schema: { type: 'string' } } };
  else if (route.response)
    ok.content = { 'application/json': { schema: schemaOf(route.response, 'output') } };
  const error = { content: { 'application/json': { schema: { $ref: uri('Error') } } } };
  const answers: Record<string, unknown> = { [String(route.status ?? 200)]: ok };
  const descriptions: Record<number, string> = {
    400: 'bad input, with the path of each field in error',
    401: 'no valid bearer token',
    403: 'not allowed',
    404: 'not found',
    409: 'conflicts with the execution state',
  };
  for (const status of [...(route.public ? [] : [401]), ...(route.errors ?? [])]) {
    answers[String(status)] = { description: descriptions[status] ?? 'error', ...error };
  }
  return answers;
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const id = apiSchemas.get(schema)?.id;
  if (id !== undefined) return { $ref: uri(id) };
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function queryParameters(query: z.ZodType | undefined): unknown[] {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}
