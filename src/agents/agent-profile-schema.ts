import { z } from 'zod';

/**
 * The agent profile format (`agents/*.yaml`, `.automatosx/agents/*.yaml`): the single source of truth.
 * schema/agent.schema.json is generated from it by scripts/generate-agent-schema.mjs.
 */

/**
 * Tools an agent may list. `code-intelligence` and `memory` are offered only when the run has a code
 * index or a memory store (`runAgent({ codeIndex, memory })`); listing them costs nothing otherwise.
 */
export const AgentToolName = {
  bash: 'bash',
  file: 'file',
  web: 'web',
  delegate: 'delegate',
  codeIntelligence: 'code-intelligence',
  memory: 'memory',
} as const;
export type AgentToolName = (typeof AgentToolName)[keyof typeof AgentToolName];
export const agentToolNames = Object.values(AgentToolName);

export const AgentTeam = {
  engineering: 'engineering',
  specialised: 'specialised',
  leadership: 'leadership',
} as const;
export type AgentTeam = (typeof AgentTeam)[keyof typeof AgentTeam];

const agentNamePattern = /^[a-z][a-z0-9-]*$/;
const AgentNameSchema = z
  .string()
  .regex(agentNamePattern, 'an agent name is lower-case letters, digits and -, starting with a letter');

export const CapabilitySchema = z
  .strictObject({
    name: z.string().min(1),
    confidence: z.number().min(0, 'confidence is between 0 and 1').max(1, 'confidence is between 0 and 1'),
    keywords: z
      .array(z.string().min(1))
      .min(1)
      .describe('words and phrases in a task that call for this capability'),
  })
  .describe('something the agent does, with how well it does it');

export const ModelPreferencesSchema = z
  .strictObject({
    provider: z.string().min(1).optional().describe('preferred provider (anthropic, google, openai, …)'),
    model: z.string().min(1).optional(),
    fallbackProviders: z.array(z.string().min(1)).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .describe('what the agent asks the provider router for');

export const AgentProfileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: AgentNameSchema,
    displayName: z.string().min(1),
    role: z.string().min(1),
    team: z.enum(['engineering', 'specialised', 'leadership']),
    description: z.string().min(1),
    systemPrompt: z
      .string()
      .min(200, 'a system prompt says how the specialist works: at least 200 characters'),
    specializations: z.array(z.string().min(1)).min(1),
    capabilities: z.array(CapabilitySchema).min(1),
    tools: z
      .array(
        z.enum(['bash', 'file', 'web', 'delegate', 'code-intelligence', 'memory'], {
          error: (issue) => unknownToolMessage(issue.input),
        }),
      )
      .default([]),
    mcp: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9_-]+(\/\S+)?$/,
            'an MCP entry is a server name from mcpServers ("github") or one of its tools ("github/create_issue")',
          ),
      )
      .default([])
      .describe(
        'MCP servers (from mcpServers in automatosx.config.json) whose tools the agent may use: "github" for all its tools, "github/create_issue" for one',
      ),
    preferences: ModelPreferencesSchema.optional(),
    canDelegateTo: z.array(AgentNameSchema).default([]),
    maxDelegationDepth: z.number().int().min(0).max(5).default(2),
    maxSteps: z.number().int().min(1).max(100).default(10).describe('model calls in one tool loop'),
    retry: z
      .strictObject({ attempts: z.number().int().min(1).max(10) })
      .optional()
      .describe('whole-run attempts when the provider fails'),
    aliases: z.array(AgentNameSchema).default([]),
  })
  .describe('An AutomatosX agent profile');

function unknownToolMessage(input: unknown): string {
  return `unknown tool ${JSON.stringify(input)}; the tools are ${agentToolNames.join(', ')}`;
}

export type Capability = z.infer<typeof CapabilitySchema>;
export type ModelPreferences = z.infer<typeof ModelPreferencesSchema>;
export type AgentProfileInput = z.input<typeof AgentProfileSchema>;
export type AgentProfile = z.infer<typeof AgentProfileSchema>;
