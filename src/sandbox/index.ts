/**
 * The OS sandbox every shell command of an agent runs in: bubblewrap on Linux, Seatbelt on macOS.
 *
 * ```ts
 * const result = await runInSandbox('npm test', { mode: 'read-only', workspace: '/repo' });
 * detectSandbox(); // { available: true, kind: 'bubblewrap', program: '/usr/bin/bwrap' }
 * ```
 */
export { bwrapArguments } from './bwrap-arguments.js';
export { type ConfinedPaths, confinedPaths, credentialStores } from './confined-paths.js';
export { type DetectSandboxOptions, detectSandbox, type SandboxSupport } from './detect-sandbox.js';
export { type NetworkProxy, startNetworkProxy } from './network-proxy.js';
export { isPrivateAddress } from './private-address.js';
export { type RunInSandboxOptions, runInSandbox, type SandboxNetwork } from './run-in-sandbox.js';
export { type CommandResult, runProcess } from './run-process.js';
export { SandboxUnavailableError } from './sandbox-errors.js';
export { SandboxMode } from './sandbox-mode.js';
export { seatbeltProfile } from './seatbelt-profile.js';
