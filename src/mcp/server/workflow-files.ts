import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { PermissionDeniedError, PermissionMode } from '../../agents/index.js';
import { bundledWorkflowsDir, resolveWorkflowPath } from '../../cli/resolve-workflow-path.js';
import type { LoadedWorkflow } from '../../workflows/index.js';
import type { McpServerContext } from './mcp-server-context.js';

export interface WorkflowFileEntry {
  name: string;
  file: string;
  origin: 'project' | 'bundled';
}

const workflowFile = /\.(ya?ml|json)$/;

/**
 * A workflow named by an MCP caller: a file inside the workspace, or a bundled sample by name. Paths
 * outside the workspace are refused like every agent tool's paths are, so a caller cannot make the
 * server read (and quote, in validation errors) files it could not read otherwise.
 */
export function resolveWorkflowArgument(context: McpServerContext, argument: string): string {
  const inWorkspace = resolve(context.cwd, argument);
  if (existsSync(inWorkspace)) return context.workspace.resolve(inWorkspace);
  const bundled = resolveWorkflowPath(argument);
  if (bundled.startsWith(resolve(bundledWorkflowsDir) + sep)) return bundled;
  return context.workspace.resolve(inWorkspace);
}

/** Workflow files of the project (`workflows/`, `.automatosx/workflows/`) and the bundled samples. */
export function listWorkflowFiles(context: McpServerContext): WorkflowFileEntry[] {
  const found: WorkflowFileEntry[] = [];
  for (const folder of [join(context.cwd, 'workflows'), join(context.cwd, '.automatosx', 'workflows')]) {
    for (const name of filesIn(folder)) {
      found.push({ name: name.replace(workflowFile, ''), file: join(folder, name), origin: 'project' });
    }
  }
  const bundledDir = resolve(bundledWorkflowsDir);
  if (resolve(context.cwd, 'workflows') !== bundledDir.replace(/[/\\]$/, '')) {
    for (const name of filesIn(bundledDir)) {
      const short = name.replace(workflowFile, '');
      if (!found.some((entry) => entry.name === short))
        found.push({ name: short, file: join(bundledDir, name), origin: 'bundled' });
    }
  }
  return found;
}

/** How a file is shown to the caller: relative to the project when inside it. */
export function displayPath(context: McpServerContext, file: string): string {
  const shown = relative(context.cwd, file);
  return shown.startsWith('..') ? basename(file) : shown;
}

/**
 * `run:` steps are shell commands on this machine, outside any agent sandbox. An MCP caller may start
 * them only when the server's mode allows it: never in read-only, after the person's yes in `ask`.
 */
export async function authorizeShellSteps(context: McpServerContext, loaded: LoadedWorkflow): Promise<void> {
  const steps = shellSteps(loaded);
  if (steps.length === 0 || context.permissions === PermissionMode.auto) return;
  const summary = `workflow '${loaded.definition.name}' runs shell commands in ${context.cwd} (steps ${steps.join(', ')})`;
  if (context.permissions === PermissionMode.readOnly) {
    throw new PermissionDeniedError(
      `${summary}; this MCP server is read-only: start it with \`ax mcp --permissions ask\` (approve each run) or \`--permissions auto\` to allow it`,
    );
  }
  if (!(await context.ask({ agent: 'mcp', tool: 'run_workflow', kind: 'command', summary }))) {
    throw new PermissionDeniedError(`${summary}: declined by the person asked`);
  }
}

function shellSteps(loaded: LoadedWorkflow, prefix = ''): string[] {
  const own = loaded.definition.steps
    .filter((step) => step.run !== undefined)
    .map((step) => `${prefix}${step.key}`);
  const nested = [...loaded.subWorkflows].flatMap(([key, child]) => shellSteps(child, `${prefix}${key}/`));
  return [...own, ...nested];
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => workflowFile.test(name))
      .sort();
  } catch {
    return [];
  }
}
