import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpServerContext } from './mcp-server-context.js';
import { toolResult } from './tool-result.js';

/** `search_memory` and `add_memory`: what agents learned in earlier runs (the store behind `ax memory`). */
export function registerMemoryTools(server: McpServer, context: McpServerContext): void {
  server.registerTool(
    'search_memory',
    {
      title: 'Search memory',
      description: 'Full-text search of what agents learned and how earlier runs ended, best match first.',
      inputSchema: {
        query: z.string().min(1).describe('what you want to know, in plain words'),
        agent: z.string().optional().describe('only memories of this agent'),
        tag: z.string().optional().describe('only memories with this tag'),
        limit: z.number().int().min(1).max(50).optional().describe('most memories (default 10)'),
      },
      outputSchema: {
        memories: z.array(
          z.object({
            id: z.number(),
            content: z.string(),
            agent: z.string(),
            kind: z.string(),
            tags: z.array(z.string()),
            date: z.string(),
          }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, agent, tag, limit }) => {
      const memory = await context.memory();
      const memories = memory
        .search(query, {
          limit: limit ?? 10,
          ...(agent === undefined ? {} : { agent }),
          ...(tag === undefined ? {} : { tag }),
        })
        .map((hit) => ({
          id: hit.id,
          content: hit.content,
          agent: hit.agent,
          kind: hit.kind,
          tags: hit.tags,
          date: new Date(hit.createdAt).toISOString().slice(0, 10),
        }));
      return toolResult({ memories }, `${memories.length} memories`);
    },
  );

  server.registerTool(
    'add_memory',
    {
      title: 'Add a memory',
      description:
        'Remembers a fact or lesson for later agent runs (shared by all agents unless one is named). It is written to the AutomatosX database, not to the project.',
      inputSchema: {
        content: z.string().min(1).describe('what to remember'),
        agent: z.string().optional().describe('the agent it belongs to (default: shared)'),
        tags: z.array(z.string().min(1)).max(10).optional().describe('single words to file it under'),
      },
      outputSchema: { id: z.number(), tags: z.array(z.string()) },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async ({ content, agent, tags }) => {
      const memory = await context.memory();
      const entry = memory.add({
        content,
        task: 'added over MCP',
        ...(agent === undefined ? {} : { agent }),
        ...(tags === undefined ? {} : { tags }),
      });
      return toolResult({ id: entry.id, tags: entry.tags }, `remembered #${entry.id}`);
    },
  );
}
