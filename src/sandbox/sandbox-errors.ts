import { AutomatosxError } from '../errors/index.js';

/**
 * No OS sandbox can run here (no `bwrap`, a kernel that refuses namespaces, no `sandbox-exec`), so a
 * shell command was refused rather than run unconfined. The message names the fix and the opt-out.
 */
export class SandboxUnavailableError extends AutomatosxError {
  constructor(readonly reason: string) {
    super(
      `shell commands are refused because no OS sandbox is available here (${reason}); ` +
        'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap), ' +
        'or pass --no-sandbox to run commands unconfined on purpose',
      { code: 'sandbox-unavailable' },
    );
  }
}
