import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AgentRunStore, AgentTeam, runAgent } from '../../agents/index.js';
import type { McpServerContext } from './mcp-server-context.js';
import { progressReporter } from './progress-reporter.js';
import { toolResult } from './tool-result.js';

const teams = Object.values(AgentTeam) as [AgentTeam, ...AgentTeam[]];

const reasonSchema = z.object({
  term: z.string(),
  source: z.string(),
  label: z.string(),
  weight: z.number(),
});

/** `list_agents`, `route_task`, `run_agent`: the agent system as the CLI's `ax agent` and `ax run` use it. */
export function registerAgentTools(server: McpServer, context: McpServerContext): void {
  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description: 'The agents of this project (shipped and .automatosx/agents/): name, team, role, tools.',
      inputSchema: { team: z.enum(teams).optional().describe('only this team') },
      outputSchema: {
        agents: z.array(
          z.object({
            name: z.string(),
            displayName: z.string(),
            team: z.string(),
            role: z.string(),
            aliases: z.array(z.string()),
            tools: z.array(z.string()),
          }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ team }) => {
      const agents = context
        .registry()
        .list()
        .filter((profile) => team === undefined || profile.team === team)
        .map(({ name, displayName, team: agentTeam, role, aliases, tools }) => ({
          name,
          displayName,
          team: agentTeam,
          role,
          aliases,
          tools,
        }));
      return toolResult({ agents }, `${agents.length} agents`);
    },
  );

  server.registerTool(
    'route_task',
    {
      title: 'Route a task',
      description:
        "Ranks the agents for a task, best first, with each one's confidence and the words that counted (what `ax agent route --explain` shows).",
      inputSchema: {
        task: z.string().min(1).describe('the task, in plain words'),
        limit: z.number().int().min(1).max(21).optional().describe('agents to return (default 5)'),
        team: z.enum(teams).optional().describe('prefer agents of this team'),
      },
      outputSchema: {
        agent: z.string().nullable().describe('the best agent, or null when no word of the task matched'),
        confidence: z.number(),
        reasons: z.array(reasonSchema),
        matches: z.array(
          z.object({
            agent: z.string(),
            team: z.string(),
            score: z.number(),
            confidence: z.number(),
            reasons: z.array(reasonSchema),
          }),
        ),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ task, limit, team }) => {
      const result = context.router().route(task, { limit: limit ?? 5, ...(team ? { team } : {}) });
      const best = result.matches[0];
      return toolResult(
        {
          agent: best?.agent ?? null,
          confidence: best?.confidence ?? 0,
          reasons: best?.reasons ?? [],
          matches: result.matches,
        },
        best
          ? `${best.agent} (${Math.round(best.confidence * 100)}% confidence)`
          : 'no agent matches any word of this task',
      );
    },
  );

  server.registerTool(
    'run_agent',
    {
      title: 'Run an agent',
      description:
        "Runs one agent on a task (its tool loop included) and returns its answer, tokens, cost and provider. Tools run under the server's permission mode (read-only unless `ax mcp` was started with --permissions). Answers from the built-in simulator are labelled simulated.",
      inputSchema: {
        agent: z.string().min(1).describe('agent name or alias (see list_agents or route_task)'),
        task: z.string().min(1).describe('the task, in plain words'),
        context: z.string().optional().describe('what the agent should know besides the task'),
        provider: z.string().optional().describe('ask this provider first'),
        model: z.string().optional(),
        maxSteps: z.number().int().min(1).max(100).optional().describe('model calls in the tool loop'),
      },
      outputSchema: {
        runId: z.string(),
        agent: z.string(),
        answer: z.string(),
        simulated: z.boolean().describe('true when a simulator, not a real model, answered'),
        provider: z.string(),
        model: z.string(),
        tokens: z.object({ input: z.number(), output: z.number() }),
        costUsd: z.number(),
        toolCalls: z.array(z.object({ tool: z.string(), error: z.string().optional() })),
        steps: z.number(),
        finishReason: z.string(),
        durationMs: z.number(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    async ({ agent, task, context: extra, provider, model, maxSteps }, request) => {
      const runtime = await context.runtime();
      const progress = progressReporter(request);
      const result = await runAgent({
        agent,
        task,
        ...(extra === undefined ? {} : { context: extra }),
        client: runtime.providers!.router,
        registry: context.registry(),
        permissions: context.policy(),
        workspace: context.workspace,
        store: new AgentRunStore(context.db()),
        ...(runtime.mcp === undefined ? {} : { mcp: runtime.mcp }),
        signal: request.signal,
        stream: false,
        ...(provider === undefined ? {} : { provider }),
        ...(model === undefined ? {} : { model }),
        ...(maxSteps === undefined ? {} : { maxSteps }),
        onEvent: (event) => {
          if (event.type === 'tool-call') progress.report(`${event.agent} → ${event.toolName}`);
          if (event.type === 'step-finish') progress.report(`${event.agent}: model call ${event.step} done`);
        },
      });
      await progress.flush();
      const label = result.simulated ? '[SIMULATED answer, not a real model] ' : '';
      return toolResult(
        {
          runId: result.runId,
          agent: result.agent,
          answer: result.text,
          simulated: result.simulated,
          provider: result.provider,
          model: result.model,
          tokens: { input: result.usage.inputTokens, output: result.usage.outputTokens },
          costUsd: result.costUsd,
          toolCalls: result.toolCalls.map((call) => ({
            tool: call.toolName,
            ...(call.error === undefined ? {} : { error: call.error }),
          })),
          steps: result.steps,
          finishReason: result.finishReason,
          durationMs: result.durationMs,
        },
        `${label}${result.text}\n\n— ${result.agent} · ${result.provider}/${result.model} · ${result.usage.inputTokens + result.usage.outputTokens} tokens · $${result.costUsd.toFixed(4)}`,
      );
    },
  );
}
