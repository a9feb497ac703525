import type { ConfinedPaths } from './confined-paths.js';
import { SandboxMode } from './sandbox-mode.js';

export interface SeatbeltProfileOptions {
  mode: SandboxMode;
  workspace: string;
  /** A private folder for `TMPDIR`, writable in both modes and removed after the command. */
  privateTemp: string;
  paths: ConfinedPaths;
  /** The host proxy's loopback port when network is allowed. */
  proxyPort?: number;
}

/**
 * The macOS `sandbox-exec` (Seatbelt) profile for one command: reads allowed except credential stores,
 * home folders outside the workspace and host secrets; writes only to the workspace in `write` mode,
 * to the private temp folder and to `/dev/null`-like devices; network only to the proxy's port.
 */
export function seatbeltProfile(options: SeatbeltProfileOptions): string {
  const quote = (path: string) => JSON.stringify(path);
  const lines = [
    '(version 1)',
    '(deny default)',
    '(allow process-exec process-fork signal (target same-sandbox))',
    '(allow sysctl-read mach-lookup ipc-posix-shm iokit-open pseudo-tty)',
    '(allow file-read*)',
  ];
  const hiddenHomes = options.paths.emptied.filter((folder) => folder !== '/tmp' && folder !== '/run');
  for (const folder of hiddenHomes) lines.push(`(deny file-read* (subpath ${quote(folder)}))`);
  for (const folder of [...options.paths.toolchain, options.workspace, options.privateTemp]) {
    lines.push(`(allow file-read* (subpath ${quote(folder)}))`);
  }
  for (const { path, directory } of options.paths.hidden) {
    lines.push(`(deny file-read* (${directory ? 'subpath' : 'literal'} ${quote(path)}))`);
  }
  const writable = [options.privateTemp];
  if (options.mode === SandboxMode.write) writable.push(options.workspace);
  for (const folder of writable) lines.push(`(allow file-write* (subpath ${quote(folder)}))`);
  if (options.mode === SandboxMode.write) {
    for (const name of ['.git/hooks', '.git/config']) {
      lines.push(`(deny file-write* (subpath ${quote(`${options.workspace}/${name}`)}))`);
    }
  }
  lines.push('(allow file-write-data (regex #"^/dev/(null|zero|tty|dtracehelper)$"))');
  if (options.proxyPort !== undefined) {
    lines.push(`(allow network-outbound (remote tcp "localhost:${options.proxyPort}"))`);
  }
  return `${lines.join('\n')}\n`;
}
