import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { tool } from 'ai';
import { z } from 'zod';
import {
  type CodeIndex,
  codeToolDescription,
  codeToolInputSchema,
  type IndexReport,
  runCodeTool,
  symbolKinds,
} from '../../code/index.js';
import type { ToolContext } from './tool-context.js';
import { ToolError } from './tool-errors.js';

/**
 * What the model fills in: one flat object, because provider tool formats want an object at the top of
 * the input schema (the code system's own schema is a union per action); each call is then checked
 * against that union, so a missing field for the chosen action gets a precise error.
 */
export const codeIntelligenceInputSchema = z.object({
  action: z.enum(['search', 'symbols', 'definition', 'read']),
  query: z
    .string()
    .optional()
    .describe('search: words to find in the code; "a phrase", AND/OR/NOT and prefix* work'),
  name: z.string().optional().describe('symbols: a name or its beginning; definition: the exact name'),
  kind: z
    .enum(symbolKinds as [string, ...string[]])
    .optional()
    .describe('symbols: only this kind'),
  path: z
    .string()
    .optional()
    .describe('read: the file, relative to the workspace; search: only files under this path'),
  file: z.string().optional().describe('symbols: only files whose path contains this'),
  language: z.string().optional().describe('search: only this language id (typescript, python, go, …)'),
  startLine: z.number().int().min(1).optional().describe('read: first line (default 1)'),
  endLine: z.number().int().min(1).optional().describe('read: last line'),
  limit: z.number().int().min(1).max(100).optional().describe('search, symbols: most results'),
});

/**
 * Indexing passes in flight, per index: runs that share an index (parallel workflow steps, a delegate
 * and its caller) wait for the same pass instead of walking the tree twice at once.
 */
const inFlight = new WeakMap<CodeIndex, Promise<IndexReport>>();

function indexOnce(codeIndex: CodeIndex): Promise<IndexReport> {
  const running = inFlight.get(codeIndex);
  if (running) return running;
  const pass = codeIndex.index().finally(() => inFlight.delete(codeIndex));
  inFlight.set(codeIndex, pass);
  return pass;
}

/**
 * The `code-intelligence` tool: search, symbols, definition and read over the code index. The first
 * call of a run brings the index up to date (incremental: only changed files are parsed), so a run
 * never answers from an index older than the run and a run that never asks pays nothing. It only reads
 * the workspace (indexing writes to the database, not the workspace), so every permission mode allows
 * it; `read` goes through the workspace sandbox like the `file` tool, symlinks included.
 */
export function createCodeIntelligenceTool(context: ToolContext & { codeIndex: CodeIndex }) {
  const codeIndex = context.codeIndex;
  let ready: Promise<unknown> | undefined;
  return tool({
    description: `${codeToolDescription} action=search|symbols|definition|read. Paths are relative to the workspace.`,
    inputSchema: codeIntelligenceInputSchema,
    execute: async (flat) => {
      const parsed = codeToolInputSchema.safeParse(withoutUndefined(flat));
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
        );
        throw new ToolError(`code-intelligence ${flat.action}: ${problems.join('; ')}`, 'invalid-tool-input');
      }
      ready ??= indexOnce(codeIndex).catch((error: unknown) => {
        ready = undefined;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ToolError(
          `code-intelligence: indexing ${codeIndex.root} failed: ${reason}`,
          'code-index-failed',
          error,
        );
      });
      await ready;
      const input = parsed.data;
      if (input.action === 'read') context.workspace.resolve(resolve(realRoot(codeIndex.root), input.path));
      return runCodeTool(codeIndex, input);
    },
  });
}

function withoutUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** The workspace compares real paths (e.g. /tmp may be a symlink), so the index root is resolved too. */
function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}
