import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectSandbox, runInSandbox, SandboxMode } from '../sandbox/index.js';
import type { DoctorCheck } from './doctor-check.js';

const installHint =
  'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap); ' +
  'inside a container, allow user namespaces (e.g. docker run --security-opt seccomp=unconfined)';

/** Whether agents' shell commands can run confined here, and why not when they cannot. */
export const sandboxCheck: DoctorCheck = {
  name: 'sandbox',
  async run() {
    const support = detectSandbox();
    if (!support.available) {
      return {
        status: 'fail',
        summary: `agents' shell commands are refused: ${support.reason}`,
        fix:
          process.platform === 'darwin'
            ? 'sandbox-exec ships with macOS; check /usr/bin/sandbox-exec'
            : installHint,
      };
    }
    return { status: 'ok', summary: `${support.kind} works (${support.program})` };
  },
};

/** Whether a sandboxed command can reach the network through the checking proxy (`--allow-web`). */
export const sandboxNetworkCheck: DoctorCheck = {
  name: 'sandbox network',
  async run() {
    if (!detectSandbox().available) return { status: 'warn', summary: 'skipped: no sandbox' };
    const workspace = mkdtempSync(join(tmpdir(), 'ax-doctor-'));
    try {
      const result = await runInSandbox('printf ok', {
        mode: SandboxMode.readOnly,
        workspace,
        network: { allowPrivateAddresses: false },
        timeoutMs: 15_000,
      });
      return result.exitCode === 0 && result.stdout === 'ok'
        ? {
            status: 'ok',
            summary: 'commands reach the network only through the proxy that refuses private addresses',
          }
        : {
            status: 'fail',
            summary: `the proxy bridge did not start inside the sandbox: ${result.stderr.trim().split('\n')[0] ?? ''}`,
            fix: 'check that Node can run inside the sandbox (its folder must be readable)',
          };
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  },
};
