import { z } from 'zod';
import type { CodeIndex } from './code-index.js';
import { symbolKinds } from './language-spec.js';

/**
 * Input of the agent tool `code-intelligence`, one schema for its four actions, so the agent runtime
 * can hand it to the model as the tool's parameters (z.toJSONSchema gives the JSON Schema).
 */
export const codeToolInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('search'),
    query: z.string().min(1).describe('words to find in the code; "a phrase", AND/OR/NOT and prefix* work'),
    language: z.string().optional().describe('only files of this language id (typescript, python, go, …)'),
    path: z.string().optional().describe('only files whose path starts with this'),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  z.object({
    action: z.literal('symbols'),
    name: z.string().min(1).describe('symbol name or its beginning'),
    kind: z.enum(symbolKinds as [string, ...string[]]).optional(),
    file: z.string().optional().describe('only files whose path contains this'),
    limit: z.number().int().min(1).max(100).optional(),
  }),
  z.object({
    action: z.literal('definition'),
    name: z.string().min(1).describe('exact name of a function, class, type, …'),
  }),
  z.object({
    action: z.literal('read'),
    path: z.string().min(1).describe('file path relative to the indexed root'),
    startLine: z.number().int().min(1).optional(),
    endLine: z.number().int().min(1).optional(),
  }),
]);
export type CodeToolInput = z.infer<typeof codeToolInputSchema>;

export const codeToolDescription =
  'Search and navigate the indexed codebase: full-text search with file:line hits, symbol lookup by name, ' +
  'where a name is defined, and reading a range of lines of a file.';

/** Runs one call of the `code-intelligence` tool; the result is plain JSON for the model. */
export function runCodeTool(index: CodeIndex, input: CodeToolInput): unknown {
  switch (input.action) {
    case 'search':
      return index
        .search(input.query, {
          limit: input.limit ?? 10,
          ...(input.language ? { language: input.language } : {}),
          ...(input.path ? { pathPrefix: input.path } : {}),
        })
        .map((hit) => ({
          location: `${hit.path}:${hit.line}`,
          snippet: hit.snippet,
          symbol: hit.symbol?.name,
        }));
    case 'symbols':
      return index
        .symbols({
          name: input.name,
          prefix: true,
          limit: input.limit ?? 20,
          ...(input.kind ? { kind: input.kind as (typeof symbolKinds)[number] } : {}),
          ...(input.file ? { file: input.file } : {}),
        })
        .map(symbolSummary);
    case 'definition':
      return index
        .definition(input.name, { limit: 5 })
        .map((hit) => ({ ...symbolSummary(hit), doc: hit.doc }));
    case 'read': {
      const range = index.readRange({
        path: input.path,
        ...(input.startLine ? { startLine: input.startLine } : {}),
        ...(input.endLine ? { endLine: input.endLine } : {}),
      });
      const numbered = range.text
        .split('\n')
        .map((line, offset) => `${range.startLine + offset}\t${line}`)
        .join('\n');
      return {
        path: range.path,
        startLine: range.startLine,
        endLine: range.endLine,
        totalLines: range.totalLines,
        text: numbered,
      };
    }
  }
}

function symbolSummary(hit: {
  path: string;
  startLine: number;
  endLine: number;
  kind: string;
  name: string;
  container: string;
  signature: string;
}) {
  return {
    location: `${hit.path}:${hit.startLine}-${hit.endLine}`,
    kind: hit.kind,
    name: hit.container ? `${hit.container}.${hit.name}` : hit.name,
    signature: hit.signature,
  };
}
