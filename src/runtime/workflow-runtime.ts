import type {
  AgentEvent,
  Approver,
  McpToolSource,
  MemoryContextOptions,
  PermissionMode,
} from '../agents/index.js';
import { nearestNames } from '../errors/index.js';
import type { ConfiguredRouter, CreateProviderRouterOptions } from '../providers/index.js';
import { startTracing } from '../telemetry/index.js';
import type { LoadedWorkflow, StepExecutor, StepKind } from '../workflows/index.js';
import { locateIssues, WorkflowValidationError } from '../workflows/index.js';

/** The executors a run needs beyond the built-in ones, and what a person should be told about them. */
export interface WorkflowRuntime {
  executors: Partial<Record<StepKind, StepExecutor>>;
  notices: string[];
  /** The provider router behind agent and prompt steps, when the workflow has any. */
  providers?: ConfiguredRouter;
  /** The configured MCP servers, for agents run outside workflow steps (e.g. `run_agent` over MCP). */
  mcp?: McpToolSource;
  close(): Promise<void>;
}

export interface WorkflowRuntimeOptions {
  /** Options for the provider router (e.g. the simulator's pacing in `ax demo`). */
  providers?: CreateProviderRouterOptions;
  /** Folder agent tools are confined to (default: the working directory). */
  workspace?: string;
  /**
   * Give agents that list it the `code-intelligence` tool over an index of the workspace, kept in the
   * same database and brought up to date on a run's first use (default true).
   */
  codeIntelligence?: boolean;
  /**
   * Agent memory in the same database: relevant memories in each agent's context, the `memory` tool,
   * each run's outcome recorded (default true). `false` turns all of it off.
   */
  memory?: boolean;
  /** How many memories go into an agent's context; `false` leaves them out but keeps tool and outcomes. */
  memoryContext?: MemoryContextOptions | false;
  /** `--no-sandbox`: agents' shell commands run unconfined; each agent step records a warning event. */
  unsandboxed?: boolean;
  /** Every event of every agent run, e.g. for metrics (sandbox refusals) and traces. */
  onAgentEvent?: (event: AgentEvent) => void;
  /** The widest permission mode an agent step may run in, whatever the workflow file asks for. */
  maxPermissions?: PermissionMode;
  /** Asks a person about actions of steps in `ask` mode. */
  approver?: Approver;
  /**
   * Give agents the MCP servers of `mcpServers` in automatosx.config.json (default true): each starts
   * when a step's agent first needs it and stops when the runtime closes.
   */
  mcp?: boolean;
}

/** Every step kind: the engine's own, and agent and prompt steps through the agent system and providers. */
export const allStepKinds: readonly StepKind[] = ['run', 'approval', 'workflow', 'agent', 'prompt'];

/**
 * Builds the agent and prompt executors when the workflow (or one of its sub-workflows) has such steps,
 * so a shell-only workflow never loads the AI SDK; without a workflow, it always builds them. Agent names are checked against the registry here,
 * with file:line:column and the nearest names, before anything is stored.
 */
export async function createWorkflowRuntime(
  loaded: LoadedWorkflow | undefined,
  databasePath: string,
  options: WorkflowRuntimeOptions = {},
): Promise<WorkflowRuntime> {
  // Traces cover shell-only runs too; without OTEL_EXPORTER_OTLP_ENDPOINT this loads nothing.
  const tracing = await startTracing();
  if (loaded && !usesModels(loaded)) return { executors: {}, notices: [], close: async () => {} };
  const [
    { loadAgentRegistry, AgentRunStore, skippedProfileWarnings },
    { createProviderRouterFromConfig },
    { openDatabase },
    agentSteps,
    promptSteps,
    { createCodeIndex },
    { createMemory },
    { createConfiguredMcpPool },
  ] = await Promise.all([
    import('../agents/index.js'),
    import('../providers/index.js'),
    import('../store/index.js'),
    import('../workflows/executors/agent-step-executor.js'),
    import('../workflows/executors/prompt-step-executor.js'),
    import('../code/index.js'),
    import('../memory/index.js'),
    import('../mcp/index.js'),
  ]);
  const registry = loadAgentRegistry({ projectDirectory: process.cwd() });
  if (loaded) checkAgentNames(loaded, registry.keys());
  const configured = await createProviderRouterFromConfig({
    cwd: process.cwd(),
    env: process.env,
    ...options.providers,
  });
  const db = openDatabase(databasePath);
  const codeIndex =
    options.codeIntelligence === false
      ? undefined
      : createCodeIndex({ db, root: options.workspace ?? process.cwd() });
  const memory = options.memory === false ? undefined : createMemory({ db });
  const mcp = options.mcp === false ? undefined : createConfiguredMcpPool({ cwd: process.cwd() });
  const client = tracing ? tracing.instrumentClient(configured.router, configured.router) : configured.router;
  return {
    executors: {
      agent: agentSteps.createAgentStepExecutor({
        client,
        registry,
        runStore: new AgentRunStore(db),
        ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
        ...(codeIndex === undefined ? {} : { codeIndex }),
        ...(memory === undefined ? {} : { memory }),
        ...(options.memoryContext === undefined ? {} : { memoryContext: options.memoryContext }),
        ...(options.unsandboxed ? { unsandboxed: true } : {}),
        ...(options.onAgentEvent === undefined ? {} : { onAgentEvent: options.onAgentEvent }),
        ...(mcp === undefined ? {} : { mcp }),
        ...(options.maxPermissions === undefined ? {} : { maxPermissions: options.maxPermissions }),
        ...(options.approver === undefined ? {} : { approver: options.approver }),
      }),
      prompt: promptSteps.createPromptStepExecutor(client),
    },
    notices: [...skippedProfileWarnings(registry.skipped), ...configured.notices],
    providers: configured,
    ...(mcp === undefined ? {} : { mcp }),
    async close() {
      await mcp?.close();
      await configured.close();
      db.close();
    },
  };
}

/** Whether a workflow (or one of its sub-workflows) has agent or prompt steps, which need the providers. */
export function usesModels(loaded: LoadedWorkflow): boolean {
  return (
    loaded.definition.steps.some(
      (step) => step.agent !== undefined || step.action !== undefined || step.prompt !== undefined,
    ) || [...loaded.subWorkflows.values()].some(usesModels)
  );
}

/** Every literal `agent:` must name a known agent or alias; expressions are resolved at run time. */
export function checkAgentNames(loaded: LoadedWorkflow, known: readonly string[]): void {
  const names = new Set(known);
  const issues = loaded.definition.steps.flatMap((step, index) => {
    const agent = step.agent;
    if (agent === undefined || agent.includes('${{') || names.has(agent)) return [];
    return [{ path: ['steps', index, 'agent'], message: unknownAgentMessage(step.key, agent, known) }];
  });
  if (issues.length > 0 && loaded.source !== '')
    throw new WorkflowValidationError(locateIssues(loaded.source, loaded.file, issues));
  for (const child of loaded.subWorkflows.values()) checkAgentNames(child, known);
}

function unknownAgentMessage(key: string, agent: string, known: readonly string[]): string {
  const near = nearestNames(agent, known);
  return `step '${key}' names agent '${agent}', which does not exist${near.length > 0 ? ` — did you mean ${near.map((name) => `'${name}'`).join(' or ')}?` : ''} (see ax agent list)`;
}
