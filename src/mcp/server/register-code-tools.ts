import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { type SymbolKind, symbolKinds } from '../../code/index.js';
import type { McpServerContext } from './mcp-server-context.js';
import { toolResult } from './tool-result.js';

const kinds = symbolKinds as [SymbolKind, ...SymbolKind[]];

/**
 * `search_code` and `find_symbol` over the code index of the workspace (the one `ax code` builds), brought
 * up to date incrementally before each answer, so it never answers from files older than the call.
 */
export function registerCodeTools(server: McpServer, context: McpServerContext): void {
  server.registerTool(
    'search_code',
    {
      title: 'Search code',
      description:
        'Full-text search of the project\'s code index (tree-sitter chunks): file:line hits with a snippet and the enclosing symbol. "a phrase", AND/OR/NOT and prefix* work.',
      inputSchema: {
        query: z.string().min(1).describe('words to find in the code'),
        language: z.string().optional().describe('only this language id (typescript, python, go, …)'),
        path: z.string().optional().describe('only files under this path'),
        limit: z.number().int().min(1).max(50).optional().describe('most hits (default 10)'),
      },
      outputSchema: {
        hits: z.array(z.object({ location: z.string(), snippet: z.string(), symbol: z.string().optional() })),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, language, path, limit }) => {
      const index = await context.codeIndex();
      const hits = index
        .search(query, {
          limit: limit ?? 10,
          ...(language === undefined ? {} : { language }),
          ...(path === undefined ? {} : { pathPrefix: path }),
        })
        .map((hit) => ({
          location: `${hit.path}:${hit.line}`,
          snippet: hit.snippet,
          ...(hit.symbol?.name === undefined ? {} : { symbol: hit.symbol.name }),
        }));
      return toolResult({ hits }, `${hits.length} hits`);
    },
  );

  server.registerTool(
    'find_symbol',
    {
      title: 'Find a symbol',
      description:
        'Functions, classes, types … by name from the code index: where each is defined (file:line), its kind and signature. With definition: true, only definitions of exactly that name.',
      inputSchema: {
        name: z.string().min(1).describe('the name, or its beginning'),
        kind: z.enum(kinds).optional().describe('only this kind'),
        file: z.string().optional().describe('only files whose path contains this'),
        definition: z.boolean().optional().describe('exact name, definitions first, no imports'),
        limit: z.number().int().min(1).max(100).optional().describe('most symbols (default 20)'),
      },
      outputSchema: {
        symbols: z.array(z.looseObject({ name: z.string(), kind: z.string(), location: z.string() })),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ name, kind, file, definition, limit }) => {
      const index = await context.codeIndex();
      const found = definition
        ? index.definition(name, { limit: limit ?? 20 })
        : index.symbols({
            name,
            prefix: true,
            limit: limit ?? 20,
            ...(kind === undefined ? {} : { kind }),
            ...(file === undefined ? {} : { file }),
          });
      const symbols = found.map((symbol) => ({
        name: symbol.name,
        kind: symbol.kind,
        location: `${symbol.path}:${symbol.startLine}`,
        ...(symbol.signature ? { signature: symbol.signature } : {}),
        ...(symbol.container ? { container: symbol.container } : {}),
      }));
      return toolResult({ symbols }, `${symbols.length} symbols`);
    },
  );
}
