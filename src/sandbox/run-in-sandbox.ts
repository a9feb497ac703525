import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrubEnvironment } from '../secrets/index.js';
import { bwrapArguments, proxySocketInside } from './bwrap-arguments.js';
import { type ConfinedPaths, confinedPaths } from './confined-paths.js';
import { detectSandbox, type SandboxSupport } from './detect-sandbox.js';
import { type NetworkProxy, startNetworkProxy } from './network-proxy.js';
import { bridgePort, proxyBridgeScript } from './proxy-bridge.js';
import { type CommandResult, runProcess } from './run-process.js';
import { SandboxUnavailableError } from './sandbox-errors.js';
import type { SandboxMode } from './sandbox-mode.js';
import { seatbeltProfile } from './seatbelt-profile.js';

export interface SandboxNetwork {
  /** Loopback and private destinations are refused unless this is true (the web tool's rule). */
  allowPrivateAddresses: boolean;
}

export interface RunInSandboxOptions {
  mode: SandboxMode;
  /** The folder the command runs in and may read (and write in `write` mode). */
  workspace: string;
  /** Network through the checking proxy; absent or false: no network at all. */
  network?: SandboxNetwork | false;
  /** The command's environment (default: this process's, scrubbed of secrets). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each (default 64 KiB). */
  maxOutputBytes?: number;
  /** `--no-sandbox`: run on the host, unconfined, on purpose. The caller must say so loudly. */
  unconfined?: boolean;
  /** Injectable for tests of the refusal (default: detected once per process). */
  support?: SandboxSupport;
}

/**
 * Runs a `/bin/sh` command line inside the OS sandbox (bubblewrap on Linux, Seatbelt on macOS) under
 * the given mode. Throws SandboxUnavailableError when no sandbox works here and `unconfined` is not
 * set: a command is never silently run outside the sandbox.
 */
export async function runInSandbox(command: string, options: RunInSandboxOptions): Promise<CommandResult> {
  const workspace = realpathSync(options.workspace);
  const env = { ...(options.env ?? scrubEnvironment()), TMPDIR: '/tmp' };
  const limits = {
    cwd: workspace,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxOutputBytes: options.maxOutputBytes ?? 64 * 1024,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (options.unconfined) {
    return runProcess('/bin/sh', ['-c', command], { ...limits, env: { ...env, TMPDIR: tmpdir() } });
  }
  const support = options.support ?? detectSandbox();
  if (!support.available) throw new SandboxUnavailableError(support.reason);
  const network = options.network || undefined;
  const proxy = network
    ? await startNetworkProxy({
        allowPrivateAddresses: network.allowPrivateAddresses,
        listen: support.kind === 'bubblewrap' ? 'unix-socket' : 'loopback',
      })
    : undefined;
  try {
    const paths = recentConfinedPaths(workspace);
    if (support.kind === 'bubblewrap') {
      const args = bwrapArguments({
        mode: options.mode,
        workspace,
        paths,
        ...(proxy ? { proxySocket: proxy.address } : {}),
      });
      const shell = ['/bin/sh', '-c', command];
      const inner = proxy
        ? [process.execPath, '-e', proxyBridgeScript, proxySocketInside, String(bridgePort), ...shell]
        : shell;
      const result = await runProcess(support.program, [...args, ...inner], {
        ...limits,
        env: proxy ? { ...env, ...proxyVariables(`http://127.0.0.1:${bridgePort}`) } : env,
      });
      return withRefusals(result, proxy);
    }
    const privateTemp = realpathSync(mkdtempSync(join(tmpdir(), 'ax-sandbox-')));
    try {
      const proxyPort = proxy ? Number(proxy.address.split(':')[1]) : undefined;
      const profile = seatbeltProfile({
        mode: options.mode,
        workspace,
        privateTemp,
        paths,
        ...(proxyPort === undefined ? {} : { proxyPort }),
      });
      const result = await runProcess(support.program, ['-p', profile, '/bin/sh', '-c', command], {
        ...limits,
        env: {
          ...env,
          TMPDIR: privateTemp,
          ...(proxy ? proxyVariables(`http://${proxy.address}`) : {}),
        },
      });
      return withRefusals(result, proxy);
    } finally {
      rmSync(privateTemp, { recursive: true, force: true });
    }
  } finally {
    await proxy?.close();
  }
}

const recentPaths = new Map<string, { at: number; paths: ConfinedPaths }>();

/**
 * `confinedPaths` for a workspace, reused for a second: an agent runs commands in bursts, and the
 * file-system checks behind it (a dozen stats and real paths) are a fifth of a call's sandbox cost.
 */
function recentConfinedPaths(workspace: string): ConfinedPaths {
  const key = `${workspace}\0${homedir()}\0${process.env.PATH ?? ''}`;
  const now = Date.now();
  const recent = recentPaths.get(key);
  if (recent && now - recent.at < 1_000) return recent.paths;
  const paths = confinedPaths({ workspace });
  if (recentPaths.size > 100) recentPaths.clear();
  recentPaths.set(key, { at: now, paths });
  return paths;
}

function proxyVariables(url: string): Record<string, string> {
  return {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    ALL_PROXY: url,
    all_proxy: url,
    NO_PROXY: '',
    no_proxy: '',
  };
}

/** Destinations the proxy refused, added to stderr so the model (and the person) see why. */
function withRefusals(result: CommandResult, proxy: NetworkProxy | undefined): CommandResult {
  if (!proxy || proxy.refused.length === 0) return result;
  const note = `[sandbox] network refused: ${proxy.refused.join(', ')}\n`;
  return { ...result, stderr: `${result.stderr}${note}` };
}
