import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfinedPaths, inside } from './confined-paths.js';
import { SandboxMode } from './sandbox-mode.js';

export interface BwrapArgumentsOptions {
  mode: SandboxMode;
  /** Real path of the workspace. */
  workspace: string;
  paths: ConfinedPaths;
  /** A Unix socket of the host's network proxy, bound into the sandbox at `proxySocketInside`. */
  proxySocket?: string;
}

/** Where the host proxy's socket appears inside the sandbox. */
export const proxySocketInside = '/tmp/.ax-proxy.sock';

/**
 * The bubblewrap arguments for one command: every namespace unshared (no network: the only way out is
 * the proxy socket when one is given), all capabilities dropped, the root file system read-only, homes,
 * `/tmp` and `/run` replaced by private tmpfs, the toolchain and the workspace bound back (read-write
 * only in `write` mode, and then with `.git/hooks` and `.git/config` kept read-only so nothing planted
 * there runs later outside the sandbox), credential stores hidden last.
 */
export function bwrapArguments(options: BwrapArgumentsOptions): string[] {
  const args = [
    '--unshare-all',
    // No --new-session: the command is spawned detached (a new session with no terminal, so nothing to
    // inject into), and staying in bwrap's process group lets a timeout or an abort kill all of it.
    '--die-with-parent',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
  ];
  for (const folder of options.paths.emptied) args.push('--tmpfs', folder);
  for (const folder of options.paths.toolchain) args.push('--ro-bind', folder, folder);
  // Read-only under a read-only root needs no bind of its own, unless an emptied folder hid the workspace.
  const hidden = options.paths.emptied.some((folder) => inside(folder, options.workspace));
  if (options.mode === SandboxMode.write) args.push('--bind', options.workspace, options.workspace);
  else if (hidden) args.push('--ro-bind', options.workspace, options.workspace);
  if (options.mode === SandboxMode.write) {
    for (const name of ['.git/hooks', '.git/config']) {
      const path = join(options.workspace, name);
      if (existsSync(path)) args.push('--ro-bind', path, path);
    }
  }
  for (const { path, directory } of options.paths.hidden) {
    if (directory) args.push('--tmpfs', path, '--remount-ro', path);
    else args.push('--ro-bind', '/dev/null', path);
  }
  if (options.proxySocket) args.push('--ro-bind', options.proxySocket, proxySocketInside);
  args.push('--chdir', options.workspace);
  return args;
}
