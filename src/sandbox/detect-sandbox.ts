import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { bwrapArguments } from './bwrap-arguments.js';
import { confinedPaths } from './confined-paths.js';
import { SandboxMode } from './sandbox-mode.js';

export type SandboxSupport =
  | { available: true; kind: 'bubblewrap' | 'seatbelt'; program: string }
  | { available: false; reason: string };

export interface DetectSandboxOptions {
  platform?: NodeJS.Platform;
  /** Where to look for `bwrap` (default: `$AX_BWRAP_PATH`, else the first `bwrap` on `$PATH`). */
  bwrapPath?: string;
  env?: NodeJS.ProcessEnv;
}

const cache = new Map<string, SandboxSupport>();

/**
 * Whether an OS sandbox works here, found by running a trivial command inside one with the same
 * arguments real commands get: a `bwrap` that exists but cannot create namespaces (a kernel or a
 * container that forbids them) is reported with its own error. Cached per process and program.
 */
export function detectSandbox(options: DetectSandboxOptions = {}): SandboxSupport {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform === 'darwin') return cached('seatbelt', () => probeSeatbelt());
  if (platform !== 'linux') {
    return { available: false, reason: `no OS sandbox is supported on ${platform} (Linux and macOS are)` };
  }
  const program = options.bwrapPath ?? env.AX_BWRAP_PATH ?? findOnPath('bwrap', env.PATH ?? '');
  if (program === undefined) return { available: false, reason: 'bwrap (bubblewrap) is not installed' };
  return cached(program, () => probeBubblewrap(program));
}

function cached(key: string, probe: () => SandboxSupport): SandboxSupport {
  let support = cache.get(key);
  if (!support) {
    support = probe();
    cache.set(key, support);
  }
  return support;
}

function probeBubblewrap(program: string): SandboxSupport {
  try {
    accessSync(program, constants.X_OK);
  } catch {
    return { available: false, reason: `${program} does not exist or is not executable` };
  }
  const workspace = mkdtempSync(join(tmpdir(), 'ax-probe-'));
  try {
    const args = bwrapArguments({
      mode: SandboxMode.write,
      workspace,
      paths: confinedPaths({ workspace }),
    });
    const result = spawnSync(program, [...args, '/bin/sh', '-c', 'echo ok > probe && cat probe'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (result.status === 0 && result.stdout.trim() === 'ok') {
      return { available: true, kind: 'bubblewrap', program };
    }
    const detail = (result.stderr || result.error?.message || `exit code ${result.status}`).trim();
    return { available: false, reason: `bwrap cannot create a sandbox here: ${detail.split('\n')[0]}` };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

function probeSeatbelt(): SandboxSupport {
  const program = '/usr/bin/sandbox-exec';
  const result = spawnSync(program, ['-p', '(version 1)(allow default)', '/usr/bin/true'], {
    timeout: 10_000,
  });
  return result.status === 0
    ? { available: true, kind: 'seatbelt', program }
    : {
        available: false,
        reason: `${program} does not work here (${result.error?.message ?? result.status})`,
      };
}

function findOnPath(name: string, path: string): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}
