import { z } from 'zod';
import type { Memory } from './memory-store.js';

/** Input of the agent tool `memory`: search what was learned before, or add a new lesson. */
export const memoryToolInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('search'),
    query: z.string().min(1).describe('what you want to know, in plain words'),
    limit: z.number().int().min(1).max(20).optional(),
  }),
  z.object({
    action: z.literal('add'),
    content: z.string().min(1).describe('a fact or lesson worth remembering for later tasks'),
    tags: z.array(z.string()).max(10).optional(),
  }),
]);
export type MemoryToolInput = z.infer<typeof memoryToolInputSchema>;

export const memoryToolDescription =
  'Long-term memory shared across runs: search what agents learned before, or add a lesson for later.';

/** Who is calling: memories an agent adds are its own, and it searches its own and shared ones. */
export interface MemoryToolContext {
  agent: string;
  task?: string;
  runId?: string;
}

export function runMemoryTool(memory: Memory, input: MemoryToolInput, context: MemoryToolContext): unknown {
  if (input.action === 'add') {
    const entry = memory.add({
      content: input.content,
      agent: context.agent,
      ...(context.task ? { task: context.task } : {}),
      ...(context.runId ? { sourceRun: context.runId } : {}),
      ...(input.tags ? { tags: input.tags } : {}),
    });
    return { remembered: entry.id };
  }
  return memory
    .search(input.query, { limit: (input.limit ?? 5) * 3 })
    .filter((hit) => !hit.agent || hit.agent === context.agent)
    .slice(0, input.limit ?? 5)
    .map((hit) => ({
      id: hit.id,
      content: hit.content,
      agent: hit.agent || undefined,
      date: new Date(hit.createdAt).toISOString().slice(0, 10),
      tags: hit.tags,
    }));
}
