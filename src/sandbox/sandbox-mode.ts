/**
 * What a sandboxed command may change: `read-only` binds the workspace read-only, `write` read-write.
 * In both, the rest of the file system is read-only or absent, `/tmp` is private, credential stores are
 * hidden and the network is off unless a proxy is given.
 */
export const SandboxMode = { readOnly: 'read-only', write: 'write' } as const;
export type SandboxMode = (typeof SandboxMode)[keyof typeof SandboxMode];
