import { asSchema, type FlexibleSchema, type Schema, type Tool, type ToolSet, tool } from 'ai';
import type { z } from 'zod';
import type { AgentProfile } from '../agent-profile-schema.js';
import { bashInputSchema, createBashTool } from './bash-tool.js';
import { codeIntelligenceInputSchema, createCodeIntelligenceTool } from './code-intelligence-tool.js';
import { createDelegateTool, type Delegator, delegateInputSchema } from './delegate-tool.js';
import { createFileTool, fileInputSchema } from './file-tool.js';
import { createMemoryTool, memoryInputSchema } from './memory-tool.js';
import type { ToolContext } from './tool-context.js';
import { createWebTool, webInputSchema } from './web-tool.js';

/** A tool ready for the loop: the AI SDK tool (with `execute`) and its zod input schema for validation. */
export interface AgentTool {
  name: string;
  tool: Tool;
  inputSchema: z.ZodType;
}

/**
 * The tools an agent gets: those its profile lists, minus `web` unless web access is enabled and minus
 * `delegate` when it may delegate to nobody or no delegator is available, minus `code-intelligence`
 * without a code index and `memory` without a memory store in the context: a tool is never faked.
 */
export function createAgentTools(
  profile: AgentProfile,
  context: ToolContext,
  delegator?: Delegator,
): AgentTool[] {
  const tools: AgentTool[] = [];
  for (const name of profile.tools) {
    if (name === 'bash') {
      // Network for commands only when the profile lists `web` and the user enabled web access.
      const network =
        profile.tools.includes('web') && context.web?.enabled
          ? { network: { allowPrivateAddresses: Boolean(context.web.allowPrivateAddresses) } }
          : {};
      tools.push({ name, tool: createBashTool(context, network), inputSchema: bashInputSchema });
    }
    if (name === 'file') tools.push({ name, tool: createFileTool(context), inputSchema: fileInputSchema });
    if (name === 'web' && context.web?.enabled) {
      tools.push({ name, tool: createWebTool(context), inputSchema: webInputSchema });
    }
    if (name === 'delegate' && delegator && profile.canDelegateTo.length > 0) {
      tools.push({ name, tool: createDelegateTool(delegator), inputSchema: delegateInputSchema });
    }
    const { codeIndex, memory } = context;
    if (name === 'code-intelligence' && codeIndex) {
      tools.push({
        name,
        tool: createCodeIntelligenceTool({ ...context, codeIndex }),
        inputSchema: codeIntelligenceInputSchema,
      });
    }
    if (name === 'memory' && memory) {
      tools.push({ name, tool: createMemoryTool({ ...context, memory }), inputSchema: memoryInputSchema });
    }
  }
  return tools;
}

/**
 * The same tools without `execute`, as sent to the provider router: it then returns tool calls instead
 * of running them, so that the runtime runs them under its sandbox, permissions and events.
 */
export function toolDefinitions(tools: readonly AgentTool[]): ToolSet {
  const set: ToolSet = {};
  for (const agentTool of tools) {
    set[agentTool.name] = tool({
      description: agentTool.tool.description ?? agentTool.name,
      // The tool's own schema: zod for the built-in tools, the server's JSON Schema for MCP tools.
      inputSchema: sharedSchema(agentTool.tool.inputSchema),
    });
  }
  return set;
}

/** One AI SDK schema per tool schema, shared by every run and model call (see `sharedSchema`). */
const schemas = new WeakMap<object, Schema>();

/**
 * The AI SDK schema of a tool's input schema, made once per schema object. Handed a zod schema, the SDK
 * converts it to a fresh JSON Schema on every model call, and each agent step in flight kept its own copy
 * of every tool's JSON Schema; the built-in tools' zod schemas are module constants, so one conversion
 * (kept by the returned `Schema`, which computes its JSON Schema once) now serves them all.
 */
function sharedSchema(schema: FlexibleSchema<unknown>): Schema {
  const key = schema as object;
  let shared = schemas.get(key);
  if (shared === undefined) {
    shared = asSchema(schema);
    schemas.set(key, shared);
  }
  return shared;
}
