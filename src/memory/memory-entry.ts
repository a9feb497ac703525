import { z } from 'zod';

/** What a memory is: something an agent learned (`note`) or how a run ended (`outcome`). */
export const MemoryKind = { note: 'note', outcome: 'outcome' } as const;
export type MemoryKind = (typeof MemoryKind)[keyof typeof MemoryKind];

/** One stored memory. Timestamps are milliseconds since the epoch. */
export interface MemoryEntry {
  id: number;
  agent: string;
  task: string;
  content: string;
  tags: string[];
  sourceRun: string | null;
  kind: MemoryKind;
  createdAt: number;
  updatedAt: number;
}

export interface NewMemory {
  content: string;
  agent?: string;
  task?: string;
  tags?: readonly string[];
  sourceRun?: string;
  kind?: MemoryKind;
}

/** The shape of one line of `ax memory export`; `import` validates against it. */
export const memoryEntrySchema = z.object({
  id: z.number().int().positive(),
  agent: z.string(),
  task: z.string(),
  content: z.string().min(1),
  tags: z.array(z.string()),
  sourceRun: z.string().nullable(),
  kind: z.enum(['note', 'outcome']),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});

/** Tags are single words so they can be stored space-separated and matched as FTS tokens. */
export function normalizeTags(tags: readonly string[]): string[] {
  const result: string[] = [];
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase().replace(/\s+/g, '-');
    if (clean && !result.includes(clean)) result.push(clean);
  }
  return result;
}
