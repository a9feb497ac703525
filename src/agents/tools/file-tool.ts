import { tool } from 'ai';
import { z } from 'zod';
import {
  editTextFile,
  globFiles,
  grepFiles,
  listFolder,
  readTextFile,
  writeTextFile,
} from './file-operations.js';
import type { ToolContext } from './tool-context.js';
import { ToolError } from './tool-errors.js';

/**
 * One flat object rather than a union per action: provider tool formats want an object at the top of
 * the input schema, and a flat one is easiest for a model to fill in.
 */
export const fileInputSchema = z.object({
  action: z.enum(['read', 'write', 'edit', 'list', 'glob', 'grep']),
  path: z
    .string()
    .optional()
    .describe('file or folder, relative to the workspace (list and grep default to .)'),
  content: z.string().optional().describe('write: the whole new content of the file'),
  oldText: z.string().optional().describe('edit: exact text to replace'),
  newText: z.string().optional().describe('edit: replacement text'),
  replaceAll: z.boolean().optional().describe('edit: replace every occurrence instead of exactly one'),
  pattern: z.string().optional().describe('glob: a pattern such as src/**/*.ts; grep: a regular expression'),
  ignoreCase: z.boolean().optional().describe('grep: case-insensitive'),
  offset: z.number().int().min(0).optional().describe('read: byte to start at'),
  limit: z.number().int().positive().optional().describe('read: bytes to read'),
});
export type FileInput = z.infer<typeof fileInputSchema>;

/** The `file` tool: read, write, edit, list, glob and grep, confined to the workspace. */
export function createFileTool(context: ToolContext) {
  return tool({
    description:
      'Work with files in the workspace. action=read|write|edit|list|glob|grep. Paths are relative to the ' +
      'workspace; paths outside it (.., absolute paths, symbolic links leading out) are refused.',
    inputSchema: fileInputSchema,
    execute: (input) => runFileAction(context, input),
  });
}

export async function runFileAction(
  context: ToolContext,
  input: FileInput,
): Promise<Record<string, unknown>> {
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) throw new ToolError(`file: action "${input.action}" needs "${field}"`);
    return value;
  };
  switch (input.action) {
    case 'read':
      return readTextFile(context, need(input.path, 'path'), input.offset, input.limit);
    case 'write':
      return writeTextFile(context, need(input.path, 'path'), need(input.content, 'content'));
    case 'edit':
      return editTextFile(
        context,
        need(input.path, 'path'),
        need(input.oldText, 'oldText'),
        need(input.newText, 'newText'),
        input.replaceAll ?? false,
      );
    case 'list':
      return listFolder(context, input.path ?? '.');
    case 'glob':
      return globFiles(context, need(input.pattern, 'pattern'));
    case 'grep':
      return grepFiles(context, need(input.pattern, 'pattern'), input.path ?? '.', input.ignoreCase ?? false);
  }
}
