import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Approver, type PermissionMode, PermissionPolicy } from './permission-policy.js';
import { defaultToolLimits, type ToolContext, type ToolLimits, type WebAccess } from './tool-context.js';
import { Workspace } from './workspace.js';

/** A temporary workspace inside a temporary parent, so tests can check that nothing beside it changes. */
export function temporaryWorkspace(): { parent: string; root: string; workspace: Workspace } {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), 'ax-sandbox-')));
  const root = join(parent, 'workspace');
  mkdirSync(root);
  return { parent, root, workspace: new Workspace(root) };
}

export function toolContext(
  workspace: Workspace,
  mode: PermissionMode,
  options: { approver?: Approver; limits?: Partial<ToolLimits>; web?: WebAccess } = {},
): ToolContext {
  return {
    agent: 'tester',
    workspace,
    permissions: new PermissionPolicy(mode, options.approver),
    limits: { ...defaultToolLimits, ...options.limits },
    ...(options.web ? { web: options.web } : {}),
  };
}
