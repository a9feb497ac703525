/**
 * Agent system: profiles (`agents/*.yaml`), the registry, the task router, the runtime with its tool
 * loop, sandboxed tools and delegation, and the run store behind `ax runs`.
 *
 * ```ts
 * const registry = loadAgentRegistry();                       // bundled + .automatosx/agents/
 * const router = new TaskRouter(registry.list());
 * router.route('Add an index to the orders table').best;      // 'database'
 * const result = await runAgent({ agent: 'database', task, client, registry, permissions: 'read-only', workspace });
 * ```
 */

export {
  AgentCollaborator,
  type CollaborateOptions,
  type CollaborationResult,
  type CollaboratorOutcome,
} from './agent-collaborator.js';
export type { AgentEvent, AgentEventListener } from './agent-events.js';
export type { MemoryContextOptions } from './agent-memory.js';
export {
  AgentProfileError,
  formatProfileIssue,
  type ProfileIssue,
  skippedProfileWarnings,
  UnknownAgentError,
} from './agent-profile-error.js';
export {
  type AgentProfile,
  type AgentProfileInput,
  AgentProfileSchema,
  AgentTeam,
  AgentToolName,
  agentToolNames,
  type Capability,
  type ModelPreferences,
} from './agent-profile-schema.js';
export {
  AgentRegistry,
  bundledAgentsDirectory,
  type LoadAgentRegistryOptions,
  type LoadedAgent,
  loadAgentRegistry,
  registryFromYaml,
} from './agent-registry.js';
export {
  type AgentRunRecord,
  type AgentRunStatus,
  AgentRunStore,
  type AgentToolCallRecord,
  agentMigrations,
} from './agent-run-store.js';
export { type CommandOutput, formatTable, printJson, processOutput } from './cli-output.js';
export { checkDelegation, DelegationError } from './delegation.js';
export { parseAgentProfile, readAgentProfile } from './parse-agent-profile.js';
export { redactingModelClient } from './redacting-model-client.js';
export {
  AgentRunCancelledError,
  type AgentRunResult,
  type RunAgentOptions,
  runAgent,
  type StructuredAgentRunResult,
  unsandboxedWarning,
} from './run-agent.js';
export { type ScaffoldOptions, scaffoldAgentProfile } from './scaffold-agent-profile.js';
export {
  type RouteMatch,
  type RouteOptions,
  type RouteReason,
  type RouteResult,
  TaskRouter,
} from './task-router.js';
export { createTerminalApprover } from './terminal-approver.js';
export { type AgentTool, createAgentTools, toolDefinitions } from './tools/agent-tools.js';
export {
  createMcpAgentTool,
  type McpToolHandle,
  type McpToolOutput,
  type McpToolSource,
  mcpToolName,
} from './tools/mcp-tool.js';
export {
  type Approver,
  defaultPermissionMode,
  narrowerMode,
  PermissionMode,
  PermissionPolicy,
  type PermissionRequest,
  permissionModes,
} from './tools/permission-policy.js';
export {
  defaultToolLimits,
  type ToolContext,
  type ToolLimits,
  type WebAccess,
} from './tools/tool-context.js';
export { PermissionDeniedError, SandboxViolationError, ToolError } from './tools/tool-errors.js';
export { Workspace } from './tools/workspace.js';
