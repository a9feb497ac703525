import { PermissionDeniedError } from './tool-errors.js';

/** `read-only`: no writes (commands run in a sandbox with the workspace read-only). `ask`: a person approves each write or command. `auto`: allowed. */
export const PermissionMode = { readOnly: 'read-only', ask: 'ask', auto: 'auto' } as const;
export type PermissionMode = (typeof PermissionMode)[keyof typeof PermissionMode];
export const permissionModes: readonly PermissionMode[] = Object.values(PermissionMode);

/** What a tool wants to do, as shown to the person approving it. */
export interface PermissionRequest {
  agent: string;
  tool: string;
  kind: 'write' | 'command' | 'network';
  /** One line a person can judge, e.g. `write src/app.ts (120 bytes)` or the command line. */
  summary: string;
}

/** Asks a person; resolves true when they allow the action. */
export type Approver = (request: PermissionRequest) => Promise<boolean>;

/**
 * The narrower of two modes (read-only < ask < auto): what a run may do when a file asks for `mode`
 * and whoever started it allows at most `ceiling`, e.g. a workflow started through `ax mcp`.
 */
export function narrowerMode(mode: PermissionMode, ceiling: PermissionMode | undefined): PermissionMode {
  if (ceiling === undefined) return mode;
  return permissionModes.indexOf(mode) <= permissionModes.indexOf(ceiling) ? mode : ceiling;
}

/** The default: `ask` when a person is at a terminal, `read-only` when nobody could answer. */
export function defaultPermissionMode(
  interactive: boolean = Boolean(process.stdin.isTTY && process.stdout.isTTY),
) {
  return interactive ? PermissionMode.ask : PermissionMode.readOnly;
}

/**
 * Decides whether a write, command or network call may happen. Reads are always allowed (inside the
 * workspace). In `ask` mode without an approver (no terminal) the action is refused with a message that
 * says how to allow it, never silently performed.
 */
export class PermissionPolicy {
  constructor(
    readonly mode: PermissionMode,
    readonly approver?: Approver,
  ) {}

  get allowsWrites(): boolean {
    return this.mode !== PermissionMode.readOnly;
  }

  async authorize(request: PermissionRequest): Promise<void> {
    if (this.mode === PermissionMode.auto) return;
    if (this.mode === PermissionMode.readOnly) {
      throw new PermissionDeniedError(
        `${request.tool}: "${request.summary}" is not allowed in read-only mode; ` +
          'run with --permissions ask (approve each action) or --permissions auto to allow it',
      );
    }
    if (!this.approver) {
      throw new PermissionDeniedError(
        `${request.tool}: "${request.summary}" needs approval, but no person can be asked (not a terminal); ` +
          'run with --permissions auto to allow it, or from a terminal to approve it',
      );
    }
    if (!(await this.approver(request))) {
      throw new PermissionDeniedError(
        `${request.tool}: "${request.summary}" was declined by the person asked`,
      );
    }
  }
}
