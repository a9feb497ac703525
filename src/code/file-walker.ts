import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { IgnoreRules } from './gitignore.js';
import { languageForPath } from './language-registry.js';
import type { LanguageSpec } from './language-spec.js';

/** Folders and files nobody wants in a code index: dependencies, build output, caches, lock files. */
export const defaultExcludes: readonly string[] = [
  '.git/',
  '.hg/',
  '.svn/',
  'node_modules/',
  'bower_components/',
  'vendor/',
  'dist/',
  'build/',
  'out/',
  'target/',
  'coverage/',
  '.next/',
  '.nuxt/',
  '.cache/',
  '.turbo/',
  '.parcel-cache/',
  '__pycache__/',
  '.venv/',
  'venv/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.gradle/',
  '.idea/',
  '.automatosx/',
  '*.min.js',
  '*.min.css',
  '*.map',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
];

export const defaultMaxFileBytes = 1024 * 1024;

export interface WalkOptions {
  /** Extra patterns, in .gitignore syntax, relative to the root. */
  exclude?: readonly string[];
  useDefaultExcludes?: boolean;
  respectGitignore?: boolean;
  maxFileBytes?: number;
  signal?: AbortSignal;
}

export interface WalkedFile {
  absolutePath: string;
  /** Relative to the root, with `/` separators on every platform. */
  path: string;
  size: number;
  mtimeMs: number;
  language: LanguageSpec;
}

export interface SkippedPath {
  path: string;
  reason: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: SkippedPath[];
}

interface Folder {
  absolutePath: string;
  path: string;
  rules: Array<{ base: string; rules: IgnoreRules }>;
}

/**
 * Lists the source files under `root` that have a supported language, honouring `.gitignore` files
 * at every level, the default excludes and a size cap. Symbolic links are followed; a link back to a
 * folder already being walked is reported as a loop instead of being walked forever. Synchronous on
 * purpose: it is stat-bound, and the async API would cost more in promises than the I/O it overlaps.
 */
export function walkSourceFiles(root: string, options: WalkOptions = {}): WalkResult {
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const baseRules: Array<{ base: string; rules: IgnoreRules }> = [];
  if (options.useDefaultExcludes !== false)
    baseRules.push({ base: '', rules: new IgnoreRules(defaultExcludes) });
  if (options.exclude?.length) baseRules.push({ base: '', rules: new IgnoreRules(options.exclude) });

  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
  const visited = new Set<string>([safeRealpath(root) ?? root]);
  const stack: Folder[] = [{ absolutePath: root, path: '', rules: baseRules }];

  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const folder = stack.pop() as Folder;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder.absolutePath, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: folder.path || '.', reason: `cannot read folder: ${(error as Error).message}` });
      continue;
    }
    let rules = folder.rules;
    if (options.respectGitignore !== false && entries.some((entry) => entry.name === '.gitignore')) {
      try {
        const text = readFileSync(join(folder.absolutePath, '.gitignore'), 'utf8');
        rules = [...rules, { base: folder.path, rules: IgnoreRules.fromText(text) }];
      } catch {
        // An unreadable .gitignore ignores nothing, as in git.
      }
    }
    for (const entry of entries) {
      const path = folder.path ? `${folder.path}/${entry.name}` : entry.name;
      const absolutePath = join(folder.absolutePath, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolutePath);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          skipped.push({ path, reason: 'broken symbolic link' });
          continue;
        }
      }
      if (!isDirectory && !isFile) continue;
      if (isIgnored(rules, path, isDirectory)) continue;
      if (isDirectory) {
        const real = safeRealpath(absolutePath);
        if (real === undefined) continue;
        if (visited.has(real)) {
          skipped.push({ path, reason: 'symbolic link loop (folder already indexed through another path)' });
          continue;
        }
        visited.add(real);
        stack.push({ absolutePath, path, rules });
        continue;
      }
      const language = languageForPath(entry.name);
      if (!language) continue;
      let size: number;
      let mtimeMs: number;
      try {
        const stats = statSync(absolutePath);
        size = stats.size;
        mtimeMs = Math.trunc(stats.mtimeMs);
      } catch (error) {
        skipped.push({ path, reason: `cannot stat: ${(error as Error).message}` });
        continue;
      }
      if (size > maxFileBytes) {
        skipped.push({ path, reason: `larger than the ${maxFileBytes}-byte cap (${size} bytes)` });
        continue;
      }
      files.push({ absolutePath, path, size, mtimeMs, language });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

function isIgnored(rules: Folder['rules'], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, rules: set } of rules) {
    const relativePath = base ? path.slice(base.length + 1) : path;
    const verdict = set.match(relativePath, isDirectory);
    if (verdict !== undefined) ignored = verdict;
  }
  return ignored;
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** A path relative to `root` with forward slashes, for display and storage. */
export function toIndexPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}
