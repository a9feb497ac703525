import { glob, lstat, mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { ToolContext } from './tool-context.js';
import { SandboxViolationError, ToolError } from './tool-errors.js';

/** Folders that are never listed or searched: large, generated, or version-control internals. */
const skippedFolders = new Set(['node_modules', '.git', 'dist', '.automatosx']);

export async function readTextFile(context: ToolContext, path: string, offset = 0, limit?: number) {
  const absolute = context.workspace.resolve(path);
  const info = await statOrExplain(absolute, path);
  if (info.isDirectory())
    throw new ToolError(`file: "${path}" is a folder; use action "list" to see its entries`);
  const cap = Math.min(limit ?? context.limits.maxReadBytes, context.limits.maxReadBytes);
  const handle = await readFile(absolute);
  if (handle.subarray(0, 8000).includes(0))
    throw new ToolError(`file: "${path}" is a binary file; it was not read`);
  const body = handle.subarray(offset, offset + cap);
  return {
    path: context.workspace.display(absolute),
    content: body.toString('utf8'),
    bytes: info.size,
    truncated: offset + cap < info.size,
  };
}

export async function writeTextFile(context: ToolContext, path: string, content: string) {
  const bytes = Buffer.byteLength(content);
  if (bytes > context.limits.maxWriteBytes) {
    throw new ToolError(
      `file: content of ${bytes} bytes exceeds the ${context.limits.maxWriteBytes}-byte limit`,
    );
  }
  const absolute = context.workspace.resolve(path);
  await context.permissions.authorize({
    agent: context.agent,
    tool: 'file',
    kind: 'write',
    summary: `write ${context.workspace.display(absolute)} (${bytes} bytes)`,
  });
  await mkdir(dirname(absolute), { recursive: true });
  // Re-check after creating folders: a folder created by a racing process could be a symlink.
  const final = context.workspace.resolve(path);
  await writeFile(final, content);
  return { path: context.workspace.display(final), bytes };
}

export async function editTextFile(
  context: ToolContext,
  path: string,
  oldText: string,
  newText: string,
  replaceAll: boolean,
) {
  if (oldText === '')
    throw new ToolError('file: edit needs a non-empty oldText; use action "write" for new files');
  const absolute = context.workspace.resolve(path);
  await statOrExplain(absolute, path);
  const current = await readFile(absolute, 'utf8');
  const count = current.split(oldText).length - 1;
  if (count === 0)
    throw new ToolError(`file: the text to replace was not found in "${path}"; read the file first`);
  if (count > 1 && !replaceAll) {
    throw new ToolError(
      `file: the text to replace occurs ${count} times in "${path}"; include more context or set replaceAll`,
    );
  }
  await context.permissions.authorize({
    agent: context.agent,
    tool: 'file',
    kind: 'write',
    summary: `edit ${context.workspace.display(absolute)} (${replaceAll ? count : 1} replacement(s))`,
  });
  const updated = replaceAll ? current.split(oldText).join(newText) : current.replace(oldText, () => newText);
  await writeFile(absolute, updated);
  return { path: context.workspace.display(absolute), replacements: replaceAll ? count : 1 };
}

export async function listFolder(context: ToolContext, path: string) {
  const absolute = context.workspace.resolve(path);
  const info = await statOrExplain(absolute, path);
  if (!info.isDirectory()) throw new ToolError(`file: "${path}" is a file, not a folder`);
  const entries = await readdir(absolute, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const shown = entries.slice(0, context.limits.maxEntries);
  return {
    path: context.workspace.display(absolute),
    entries: await Promise.all(
      shown.map(async (entry) => {
        const type = entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'folder' : 'file';
        const size = entry.isFile() ? (await lstat(join(absolute, entry.name))).size : undefined;
        return size === undefined ? { name: entry.name, type } : { name: entry.name, type, size };
      }),
    ),
    truncated: entries.length > shown.length,
  };
}

export async function globFiles(context: ToolContext, pattern: string) {
  if (isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..')) {
    throw new SandboxViolationError(
      `file: glob pattern "${pattern}" must be relative to the workspace, without ..`,
    );
  }
  const root = context.workspace.root;
  const matches: string[] = [];
  let truncated = false;
  for await (const match of glob(pattern, {
    cwd: root,
    exclude: (name) => skippedFolders.has(String(name)),
  })) {
    // A match reached through a symlink to a folder outside the workspace is not shown.
    const real = await realpath(join(root, match)).catch(() => undefined);
    if (!real || !context.workspace.contains(real)) continue;
    if (matches.length >= context.limits.maxEntries) {
      truncated = true;
      break;
    }
    matches.push(match);
  }
  return { pattern, matches: matches.sort(), truncated };
}

export async function grepFiles(context: ToolContext, pattern: string, path: string, ignoreCase: boolean) {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, ignoreCase ? 'i' : '');
  } catch (error) {
    throw new ToolError(`file: "${pattern}" is not a valid regular expression (${(error as Error).message})`);
  }
  const start = context.workspace.resolve(path);
  const matches: Array<{ path: string; line: number; text: string }> = [];
  let truncated = false;
  const visit = async (absolute: string): Promise<void> => {
    if (truncated) return;
    // Symlinks are not followed: a link to `/` must not turn a search into a scan of the machine.
    const info = await lstat(absolute);
    if (info.isSymbolicLink()) return;
    if (info.isDirectory()) {
      for (const entry of (await readdir(absolute)).sort()) {
        if (!skippedFolders.has(entry)) await visit(join(absolute, entry));
      }
      return;
    }
    if (!info.isFile() || info.size > context.limits.maxReadBytes * 4) return;
    const content = await readFile(absolute);
    if (content.subarray(0, 8000).includes(0)) return;
    const lines = content.toString('utf8').split('\n');
    for (let index = 0; index < lines.length; index++) {
      if (!regex.test(lines[index]!)) continue;
      if (matches.length >= context.limits.maxEntries) {
        truncated = true;
        return;
      }
      matches.push({
        path: context.workspace.display(absolute),
        line: index + 1,
        text: lines[index]!.slice(0, 400),
      });
    }
  };
  await visit(start);
  return { pattern, matches, truncated };
}

async function statOrExplain(absolute: string, path: string) {
  try {
    return await stat(absolute);
  } catch {
    throw new ToolError(
      `file: "${path}" does not exist in the workspace; use action "list" or "glob" to find it`,
    );
  }
}
