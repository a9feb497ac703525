import type { CodeIndex } from '../../code/index.js';
import type { Memory } from '../../memory/index.js';
import type { PermissionPolicy } from './permission-policy.js';
import type { Workspace } from './workspace.js';

/** Caps on what one tool call may cost. */
export interface ToolLimits {
  /** Default and ceiling for a command's run time. */
  commandTimeoutMs: number;
  maxCommandTimeoutMs: number;
  /** Bytes of stdout and of stderr returned per command. */
  maxCommandOutputBytes: number;
  maxReadBytes: number;
  maxWriteBytes: number;
  /** Entries from list/glob, matches from grep. */
  maxEntries: number;
  webTimeoutMs: number;
  maxWebBytes: number;
}

export const defaultToolLimits: ToolLimits = {
  commandTimeoutMs: 30_000,
  maxCommandTimeoutMs: 600_000,
  maxCommandOutputBytes: 64 * 1024,
  maxReadBytes: 256 * 1024,
  maxWriteBytes: 2 * 1024 * 1024,
  maxEntries: 500,
  webTimeoutMs: 15_000,
  maxWebBytes: 512 * 1024,
};

export interface WebAccess {
  /** The web tool exists only when this is true: it is off by default. */
  enabled: boolean;
  /** Loopback, private and link-local addresses are refused unless this is true. */
  allowPrivateAddresses?: boolean;
  /** Replaces the built-in GET (which re-checks addresses at connect time); for tests. */
  fetch?: typeof fetch;
  /** Resolves a host name to addresses; injectable so tests need no DNS. */
  lookup?: (host: string) => Promise<string[]>;
}

/** What every tool of one agent run shares. */
export interface ToolContext {
  agent: string;
  workspace: Workspace;
  permissions: PermissionPolicy;
  limits: ToolLimits;
  web?: WebAccess;
  /** The `code-intelligence` tool exists only with an index; its root should be the workspace. */
  codeIndex?: CodeIndex;
  /** The `memory` tool exists only with a memory store. */
  memory?: Memory;
  /** The run's task and id: what the `memory` tool files a new note under. */
  task?: string;
  runId?: string;
  /** `--no-sandbox`: shell commands run unconfined on the host; the runtime announces it in the run's events. */
  unsandboxed?: boolean;
}
