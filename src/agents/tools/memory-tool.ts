import { tool } from 'ai';
import { z } from 'zod';
import {
  type Memory,
  memoryToolDescription,
  memoryToolInputSchema,
  runMemoryTool,
} from '../../memory/index.js';
import type { ToolContext } from './tool-context.js';
import { ToolError } from './tool-errors.js';

/**
 * What the model fills in: one flat object (provider tool formats want an object at the top of the
 * input schema); each call is then checked against the memory system's union per action.
 */
export const memoryInputSchema = z.object({
  action: z.enum(['search', 'add']),
  query: z.string().optional().describe('search: what you want to know, in plain words'),
  content: z.string().optional().describe('add: a fact or lesson worth remembering for later tasks'),
  tags: z.array(z.string()).max(10).optional().describe('add: a few words to file it under'),
  limit: z.number().int().min(1).max(20).optional().describe('search: most results (default 5)'),
});

/**
 * The `memory` tool: search what agents learned in earlier runs, or add a note for later ones. Notes
 * are the agent's own records in the AutomatosX database, like the run log, not changes to the
 * workspace or the system, so every permission mode (read-only included) allows `add`.
 */
export function createMemoryTool(context: ToolContext & { memory: Memory }) {
  const memory = context.memory;
  return tool({
    description: `${memoryToolDescription} action=search (query) or add (content, tags).`,
    inputSchema: memoryInputSchema,
    execute: async (flat) => {
      const defined = Object.fromEntries(Object.entries(flat).filter(([, value]) => value !== undefined));
      const parsed = memoryToolInputSchema.safeParse(defined);
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
        );
        throw new ToolError(`memory ${flat.action}: ${problems.join('; ')}`, 'invalid-tool-input');
      }
      return runMemoryTool(memory, parsed.data, {
        agent: context.agent,
        ...(context.task === undefined ? {} : { task: context.task }),
        ...(context.runId === undefined ? {} : { runId: context.runId }),
      });
    },
  });
}
