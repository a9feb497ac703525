import { randomUUID } from 'node:crypto';
import type { ModelMessage, ToolResultPart } from 'ai';
import { type CodeIndex, repositoryMapContext } from '../code/index.js';
import { AutomatosxError, InvalidInputError } from '../errors/index.js';
import type { Memory } from '../memory/index.js';
import type { ModelClient, ModelRequest, ModelResponse, TokenUsage } from '../providers/index.js';
import {
  checkAnswer,
  type OutputOption,
  OutputSchemaError,
  type OutputSpec,
  outputInstruction,
  outputRequestOf,
  outputSpecOf,
  repairRequest,
} from '../structured-output/index.js';
import type { AgentEventListener } from './agent-events.js';
import { type MemoryContextOptions, recallMemories, rememberOutcome } from './agent-memory.js';
import type { AgentProfile } from './agent-profile-schema.js';
import type { AgentRegistry } from './agent-registry.js';
import type { AgentRunStore, AgentToolCallRecord } from './agent-run-store.js';
import { callWithRetry } from './call-model.js';
import { executeToolCall } from './execute-tool-call.js';
import { type AgentTool, createAgentTools, toolDefinitions } from './tools/agent-tools.js';
import type { Delegator } from './tools/delegate-tool.js';
import { createMcpAgentTool, type McpToolSource } from './tools/mcp-tool.js';
import { defaultPermissionMode, type PermissionMode, PermissionPolicy } from './tools/permission-policy.js';
import {
  defaultToolLimits,
  type ToolContext,
  type ToolLimits,
  type WebAccess,
} from './tools/tool-context.js';
import { Workspace } from './tools/workspace.js';

export interface RunAgentOptions {
  /** A profile, or a name or alias looked up in `registry`. */
  agent: AgentProfile | string;
  task: string;
  /** What the agent should know besides the task, e.g. the outputs of earlier workflow steps. */
  context?: string | Record<string, unknown>;
  signal?: AbortSignal;
  client: ModelClient;
  /** Needed to look agents up by name and for delegation. */
  registry?: AgentRegistry;
  /** A policy (with an approver for `ask`), or a mode; default `ask` on a terminal, `read-only` otherwise. */
  permissions?: PermissionPolicy | PermissionMode;
  /** Folder the tools are confined to (default: the working directory). */
  workspace?: string | Workspace;
  onEvent?: AgentEventListener;
  /** Records the run (and delegated runs) for `ax runs`. */
  store?: AgentRunStore;
  /** Override the profile's preferences for this run. */
  provider?: string;
  model?: string;
  /** Model calls in the tool loop (default: the profile's `maxSteps`). */
  maxSteps?: number;
  limits?: Partial<ToolLimits>;
  web?: WebAccess;
  /** Code index of the workspace: gives agents that list `code-intelligence` that tool. */
  codeIndex?: CodeIndex;
  /**
   * Tokens of repository map (`ax code map`, centred on the task) put into the context of an agent that
   * has the `code-intelligence` tool; `false` leaves it out. Default 1,024.
   */
  repositoryMapTokens?: number | false;
  /**
   * Agent memory: gives agents that list `memory` that tool, puts relevant memories from earlier runs
   * into the agent's context and records how the run ended.
   */
  memory?: Memory;
  /** How many memories go into the context; `false` leaves them out (the tool and outcomes stay). */
  memoryContext?: MemoryContextOptions | false;
  /**
   * The configured MCP servers: gives agents whose profile lists `mcp` entries those servers' tools.
   * Servers start on first use and are shared by every agent of the run (delegates included).
   */
  mcp?: McpToolSource;
  /** Record the run's outcome in `memory` (default true). */
  recordOutcome?: boolean;
  /** Delegation levels below the first agent, whatever the profiles allow (default 3). */
  maxDelegationDepth?: number;
  /**
   * Ask for a structured answer: a zod schema (the result's `object` is typed by it) or a JSON Schema.
   * The request goes through each provider's structured-output mode; an answer that does not match is
   * sent back once with the paths at fault, and a second mismatch throws `OutputSchemaError`.
   */
  output?: OutputOption;
  /** Stream text as it arrives (default true); false uses one `generate` call per step. */
  stream?: boolean;
  /** Groups provider usage, e.g. by workflow run. */
  usageGroup?: string;
  clock?: () => number;
  newId?: () => string;
  /** `--no-sandbox`: shell commands run unconfined on the host; announced by a `sandbox-disabled` event. */
  unsandboxed?: boolean;
  /** Set by delegation: the agents above this one and the run that delegated. */
  chain?: readonly AgentProfile[];
  parentRunId?: string;
}

export interface AgentRunResult {
  runId: string;
  agent: string;
  text: string;
  toolCalls: AgentToolCallRecord[];
  /** Tokens and cost of this run's model calls and of the runs it delegated to. */
  usage: TokenUsage;
  costUsd: number;
  /** The provider and model of the last model call. */
  provider: string;
  model: string;
  /** True when any model call of the run (or of a delegate) was answered by the simulator. */
  simulated: boolean;
  /** Model calls made. */
  steps: number;
  /** `stop`, or `step-limit` when the loop ended because `maxSteps` was reached. */
  finishReason: 'stop' | 'length' | 'step-limit' | 'content-filter' | 'other';
  durationMs: number;
  /** With `output`: the answer, parsed and checked against the schema. */
  object?: unknown;
  /** With `output`: the model needed the one repair request to match the schema. */
  repaired?: boolean;
}

/** What every output says when a run's shell commands are not confined (`--no-sandbox`). */
export const unsandboxedWarning =
  'the OS sandbox is OFF (--no-sandbox): shell commands run unconfined with your user account, files and network';

/** A run asked for a structured answer: `object` holds it, typed by the zod schema given. */
export type StructuredAgentRunResult<T> = AgentRunResult & { object: T };

/** The run was cancelled through its AbortSignal. */
export class AgentRunCancelledError extends AutomatosxError {
  constructor(agent: string) {
    super(`the run of agent "${agent}" was cancelled`, { code: 'agent-run-cancelled' });
  }
}

/**
 * Runs one agent on one task: builds the messages, calls the model through the `ModelClient` with the
 * agent's preferences, runs the tools it asks for (sandboxed, under the permission policy), sends the
 * results back, and repeats until the model answers without tool calls or the step limit is reached.
 * The last allowed step forbids tools, so a run always ends with an answer.
 */
export async function runAgent<T>(
  options: RunAgentOptions & { output: OutputOption<T> },
): Promise<StructuredAgentRunResult<T>>;
export async function runAgent(options: RunAgentOptions): Promise<AgentRunResult>;
export async function runAgent(options: RunAgentOptions): Promise<AgentRunResult> {
  const clock = options.clock ?? Date.now;
  const profile =
    typeof options.agent === 'string' ? requireRegistry(options).get(options.agent) : options.agent;
  const runId = (options.newId ?? randomUUID)();
  const started = clock();
  const emit = options.onEvent ?? (() => {});
  const chain = [...(options.chain ?? []), profile];
  const workspace =
    options.workspace instanceof Workspace
      ? options.workspace
      : new Workspace(options.workspace ?? process.cwd());
  const permissions =
    options.permissions instanceof PermissionPolicy
      ? options.permissions
      : new PermissionPolicy(options.permissions ?? defaultPermissionMode());
  const toolContext: ToolContext = {
    agent: profile.name,
    workspace,
    permissions,
    limits: { ...defaultToolLimits, ...options.limits },
    ...(options.web ? { web: options.web } : {}),
    ...(options.codeIndex ? { codeIndex: options.codeIndex } : {}),
    ...(options.memory ? { memory: options.memory } : {}),
    task: options.task,
    runId,
    ...(options.unsandboxed ? { unsandboxed: true } : {}),
  };
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let costUsd = 0;
  let simulated = false;
  // A delegate's tokens and cost are part of what this run cost its caller (a workflow step, `ax run`).
  const addDelegated = (result: AgentRunResult) => {
    usage.inputTokens += result.usage.inputTokens;
    usage.outputTokens += result.usage.outputTokens;
    costUsd += result.costUsd;
    simulated ||= result.simulated;
  };
  const delegator = options.registry
    ? createDelegator(options, chain, runId, workspace, permissions, addDelegated)
    : undefined;
  const tools = [
    ...createAgentTools(profile, toolContext, delegator),
    ...(await mcpAgentTools(profile, toolContext, options)),
  ];
  const definitions = toolDefinitions(tools);
  const memories =
    options.memory && options.memoryContext !== false
      ? recallMemories(
          options.memory,
          { runId, agent: profile.name, task: options.task, options: options.memoryContext ?? {} },
          emit,
        )
      : '';
  const spec = options.output === undefined ? undefined : outputSpecOf(options.output);
  const repositoryMap =
    options.codeIndex &&
    options.repositoryMapTokens !== false &&
    tools.some((tool) => tool.name === 'code-intelligence')
      ? repositoryMapContext(options.codeIndex, options.task, options.repositoryMapTokens)
      : '';
  const messages = buildMessages(
    profile,
    options.task,
    options.context,
    tools,
    workspace,
    memories,
    spec,
    repositoryMap,
  );
  const remember = (status: 'succeeded' | 'failed', summary: string) => {
    if (options.memory && options.recordOutcome !== false) {
      rememberOutcome(
        options.memory,
        { runId, agent: profile.name, task: options.task, status, summary },
        emit,
      );
    }
  };

  options.store?.start({
    id: runId,
    agent: profile.name,
    task: options.task,
    startedAt: started,
    ...(options.parentRunId ? { parentRunId: options.parentRunId } : {}),
  });
  emit({
    type: 'run-start',
    runId,
    parentRunId: options.parentRunId,
    agent: profile.name,
    task: options.task,
  });
  if (options.unsandboxed && !options.parentRunId) {
    emit({ type: 'sandbox-disabled', runId, agent: profile.name, warning: unsandboxedWarning });
  }

  const toolCalls: AgentToolCallRecord[] = [];
  let last: ModelResponse | undefined;
  let steps = 0;
  const maxSteps = options.maxSteps ?? profile.maxSteps;
  const call = async (request: ModelRequest): Promise<ModelResponse> => {
    const response = await callWithRetry(options, profile, request, runId);
    last = response;
    usage.inputTokens += response.usage.inputTokens;
    usage.outputTokens += response.usage.outputTokens;
    costUsd += response.costUsd;
    simulated ||= response.simulated;
    emit({
      type: 'step-finish',
      runId,
      agent: profile.name,
      step: steps,
      provider: response.provider,
      model: response.model,
      simulated: response.simulated,
      usage: response.usage,
    });
    return response;
  };
  try {
    let finishReason: AgentRunResult['finishReason'] = 'step-limit';
    while (steps < maxSteps) {
      throwIfAborted(options.signal, profile.name);
      steps++;
      const finalStep = steps === maxSteps;
      const request: ModelRequest = {
        messages,
        temperature: profile.preferences?.temperature ?? 0.2,
        ...(tools.length > 0 ? { tools: definitions, toolChoice: finalStep ? 'none' : 'auto' } : {}),
        ...optional('maxTokens', profile.preferences?.maxTokens),
        ...optional('runId', options.usageGroup),
        ...optional('output', spec && outputRequestOf(spec)),
      };
      const response = await call(request);
      const calls = finalStep ? [] : response.toolCalls;
      messages.push({
        role: 'assistant',
        content: [
          ...(response.text ? [{ type: 'text' as const, text: response.text }] : []),
          ...calls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.toolCallId,
            toolName: call.toolName,
            input: call.input,
          })),
        ],
      });
      if (calls.length === 0) {
        finishReason =
          finalStep && response.toolCalls.length > 0 ? 'step-limit' : mapFinish(response.finishReason);
        break;
      }
      const results: ToolResultPart[] = [];
      // One at a time: two writes to the same file, or a command and an edit, must not race.
      for (const call of calls) {
        throwIfAborted(options.signal, profile.name);
        const record = await executeToolCall(tools, call, messages, options.signal, (event) =>
          emit({ ...event, runId, agent: profile.name }),
        );
        toolCalls.push(record);
        results.push({
          type: 'tool-result',
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output:
            record.error === undefined
              ? { type: 'json', value: (record.output ?? null) as never }
              : { type: 'error-text', value: record.error },
        });
      }
      messages.push({ role: 'tool', content: results });
    }
    let structured: { object: unknown; repaired: boolean } | undefined;
    if (spec !== undefined) {
      let check = checkAnswer(spec, last?.text ?? '');
      let repaired = false;
      if (!check.ok) {
        // One repair: the model sees what did not match, path by path, and answers again without tools.
        emit({ type: 'output-repair', runId, agent: profile.name, issues: check.issues });
        messages.push({ role: 'user', content: repairRequest(check.issues) });
        throwIfAborted(options.signal, profile.name);
        steps++;
        const response = await call({
          messages,
          temperature: profile.preferences?.temperature ?? 0.2,
          ...(tools.length > 0 ? { tools: definitions, toolChoice: 'none' as const } : {}),
          ...optional('maxTokens', profile.preferences?.maxTokens),
          ...optional('runId', options.usageGroup),
          output: outputRequestOf(spec),
        });
        messages.push({ role: 'assistant', content: response.text });
        check = checkAnswer(spec, response.text);
        repaired = true;
      }
      if (!check.ok) {
        throw new OutputSchemaError(
          `the answer of agent "${profile.name}" does not match the output schema, also after one repair request`,
          { issues: check.issues, answer: last?.text ?? '' },
        );
      }
      structured = { object: check.value, repaired };
    }
    const durationMs = clock() - started;
    const result: AgentRunResult = {
      runId,
      agent: profile.name,
      text: last?.text ?? '',
      toolCalls,
      usage,
      costUsd,
      provider: last?.provider ?? '',
      model: last?.model ?? '',
      simulated,
      steps,
      finishReason,
      durationMs,
      ...(structured === undefined ? {} : structured),
    };
    options.store?.finish(runId, {
      status: 'succeeded',
      text: result.text,
      toolCalls,
      usage,
      costUsd,
      provider: result.provider,
      model: result.model,
      simulated,
      steps,
      finishedAt: clock(),
      durationMs,
    });
    remember('succeeded', result.text);
    emit({ type: 'run-finish', runId, agent: profile.name, durationMs });
    return result;
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const message = error instanceof Error ? error.message : String(error);
    options.store?.finish(runId, {
      status: cancelled ? 'cancelled' : 'failed',
      toolCalls,
      usage,
      costUsd,
      ...optional('provider', last?.provider),
      ...optional('model', last?.model),
      simulated,
      steps,
      error: message,
      finishedAt: clock(),
      durationMs: clock() - started,
    });
    // A cancelled run says nothing about the task: only real failures are worth remembering.
    if (!cancelled) remember('failed', message);
    emit({ type: 'run-error', runId, agent: profile.name, error: message });
    if (cancelled && !AgentRunCancelledError.isInstance(error))
      throw new AgentRunCancelledError(profile.name);
    throw error;
  }
}

/** The MCP tools the profile names; naming some without configured servers is a mistake to report. */
async function mcpAgentTools(
  profile: AgentProfile,
  context: ToolContext,
  options: RunAgentOptions,
): Promise<AgentTool[]> {
  if (profile.mcp.length === 0) return [];
  if (!options.mcp) {
    throw new InvalidInputError(
      `agent "${profile.name}" uses MCP servers (${profile.mcp.join(', ')}), but none are configured for this run: ` +
        'add them to mcpServers in automatosx.config.json (see docs/mcp.md)',
      { code: 'mcp-not-configured' },
    );
  }
  const handles = await options.mcp.tools(profile.mcp, options.signal);
  return handles.map((handle) => createMcpAgentTool(handle, context));
}

function buildMessages(
  profile: AgentProfile,
  task: string,
  context: RunAgentOptions['context'],
  tools: readonly AgentTool[],
  workspace: Workspace,
  memories: string,
  spec: OutputSpec | undefined,
  repositoryMap: string,
): ModelMessage[] {
  const toolNote =
    tools.length > 0
      ? `You can use these tools: ${tools.map((t) => t.name).join(', ')}. Paths are relative to the workspace ` +
        `${workspace.root}. When a tool refuses an action, adapt instead of retrying the same call.`
      : 'You have no tools in this run: answer from the task and context alone.';
  const contextText =
    context === undefined ? '' : typeof context === 'string' ? context : JSON.stringify(context, null, 2);
  const user = contextText ? `${task}\n\n<context>\n${contextText}\n</context>` : task;
  // Memories go with the system prompt: background the agent brings to the task, not part of the task.
  const memoryNote = memories ? `\n\n<memories>\n${memories}\n</memories>` : '';
  const outputNote = spec === undefined ? '' : `\n\n${outputInstruction(spec)}`;
  const mapNote = repositoryMap ? `\n\n<repository-map>\n${repositoryMap}\n</repository-map>` : '';
  return [
    {
      role: 'system',
      content: `${systemPromptOf(profile, toolNote)}${mapNote}${memoryNote}${outputNote}`,
    },
    { role: 'user', content: user },
  ];
}

/** Profile prompt + tool note, per profile and tool note: one copy shared by every run of the agent. */
const systemPrompts = new WeakMap<AgentProfile, Map<string, string>>();

function systemPromptOf(profile: AgentProfile, toolNote: string): string {
  let byToolNote = systemPrompts.get(profile);
  if (byToolNote === undefined) {
    byToolNote = new Map();
    systemPrompts.set(profile, byToolNote);
  }
  let prompt = byToolNote.get(toolNote);
  if (prompt === undefined) {
    prompt = `${profile.systemPrompt.trim()}\n\n${toolNote}`;
    byToolNote.set(toolNote, prompt);
  }
  return prompt;
}

function createDelegator(
  options: RunAgentOptions,
  chain: readonly AgentProfile[],
  runId: string,
  workspace: Workspace,
  permissions: PermissionPolicy,
  onResult: (result: AgentRunResult) => void,
): Delegator {
  const registry = requireRegistry(options);
  return {
    chain,
    maxDepth: options.maxDelegationDepth ?? 3,
    find: (name) => registry.get(name),
    run: async (target, task, context, signal) => {
      // A delegate answers its delegator in text; the structured answer is the delegator's to give.
      const { provider: _provider, model: _model, output: _output, ...inherited } = options;
      const result = await runAgent({
        ...inherited,
        agent: target,
        task,
        ...optional('context', context),
        ...optional('signal', signal ?? options.signal),
        workspace,
        permissions,
        chain,
        parentRunId: runId,
      });
      onResult(result);
      return { agent: result.agent, text: result.text, runId: result.runId };
    },
  };
}

function requireRegistry(options: RunAgentOptions): AgentRegistry {
  if (!options.registry) {
    throw new InvalidInputError('runAgent needs a registry to look agents up by name or to delegate');
  }
  return options.registry;
}

function throwIfAborted(signal: AbortSignal | undefined, agent: string): void {
  if (signal?.aborted) throw new AgentRunCancelledError(agent);
}

function mapFinish(reason: ModelResponse['finishReason']): AgentRunResult['finishReason'] {
  return reason === 'tool-calls' ? 'stop' : reason;
}

/** `{ key: value }` when value is defined, `{}` otherwise (exactOptionalPropertyTypes forbids `key: undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
