import { existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** Credential stores below a home directory, hidden even when the workspace is the home itself. */
export const credentialStores = [
  '.ssh',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.config/gh',
  '.config/automatosx',
  '.netrc',
  '.docker',
  '.gnupg',
  '.kube',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.env',
] as const;

/** Host files readable by root that hold secrets (password hashes, host keys). */
const hostSecrets = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/ssh', '/etc/ssl/private'];

export interface ConfinedPaths {
  /** Folders replaced by an empty private tmpfs: homes, `/tmp`, `/run` (daemon sockets live there). */
  emptied: string[];
  /** Folders outside the emptied ones that programs need to run (Node's prefix, PATH entries), read-only. */
  toolchain: string[];
  /** Existing files and folders made unreadable, applied last so no bind re-exposes them. */
  hidden: Array<{ path: string; directory: boolean }>;
}

export interface ConfinedPathsOptions {
  workspace: string;
  home?: string;
  path?: string;
  execPath?: string;
}

/**
 * What the sandbox hides and keeps for a workspace: every home folder is emptied (the workspace and the
 * toolchain are put back), credential stores and host secrets are hidden, and `.env` files in the
 * workspace's ancestors (outside it) are hidden too. Pure over the file system's current state.
 */
export function confinedPaths(options: ConfinedPathsOptions): ConfinedPaths {
  const home = options.home ?? homedir();
  const emptied = unique(['/tmp', '/run', home, '/root', '/home'].filter(isDirectory));
  const underEmptied = (path: string) => emptied.some((root) => inside(root, path));
  const nodePrefix = dirname(dirname(realpathOrSelf(options.execPath ?? process.execPath)));
  const pathEntries = (options.path ?? process.env.PATH ?? '').split(delimiter).filter(isAbsolute);
  const toolchain = unique(
    [nodePrefix, ...pathEntries]
      .map(realpathOrSelf)
      .filter((path) => isDirectory(path) && underEmptied(path) && !touchesCredentials(path, home)),
  );
  const hidden: ConfinedPaths['hidden'] = [];
  for (const store of credentialStores) addHidden(hidden, join(home, store));
  for (const path of hostSecrets) addHidden(hidden, path);
  for (let folder = dirname(options.workspace); ; folder = dirname(folder)) {
    for (const name of ['.env', '.env.local', '.env.production']) addHidden(hidden, join(folder, name));
    if (dirname(folder) === folder) break;
  }
  // A store inside an emptied folder is already gone, unless the workspace or the toolchain put it back.
  const exposed = [options.workspace, ...toolchain];
  const reachable = hidden.filter(
    ({ path }) => !underEmptied(path) || exposed.some((root) => inside(root, path) || inside(path, root)),
  );
  return { emptied, toolchain, hidden: reachable };
}

/** True when `path` is `root` or below it. */
export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function touchesCredentials(path: string, home: string): boolean {
  return credentialStores.some((store) => inside(join(home, store), path));
}

function addHidden(hidden: ConfinedPaths['hidden'], path: string): void {
  try {
    hidden.push({ path, directory: statSync(path).isDirectory() });
  } catch {
    // Absent: nothing to hide.
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realpathOrSelf(path: string): string {
  return existsSync(path) ? realpathSync(path) : path;
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
