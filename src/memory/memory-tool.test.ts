import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createMemory } from './memory-store.js';
import { memoryToolInputSchema, runMemoryTool } from './memory-tool.js';

describe('memory tool', () => {
  it('adds lessons as the calling agent and finds its own and shared ones, not other agents\u2019', () => {
    const memory = createMemory({ db: openDatabase(':memory:'), now: () => Date.UTC(2026, 2, 3) });
    const context = { agent: 'backend', task: 'fix checkout', runId: 'run-7' };
    expect(
      runMemoryTool(
        memory,
        { action: 'add', content: 'Checkout totals are computed in cents', tags: ['money'] },
        context,
      ),
    ).toEqual({
      remembered: 1,
    });
    memory.add({ content: 'Checkout page copy is owned by marketing', agent: 'writer' });
    memory.add({ content: 'Checkout runs behind a feature flag' });
    expect(memory.get(1)).toMatchObject({ agent: 'backend', task: 'fix checkout', sourceRun: 'run-7' });
    const found = runMemoryTool(memory, { action: 'search', query: 'checkout' }, context) as Array<{
      content: string;
    }>;
    expect(found.map((hit) => hit.content).sort()).toEqual([
      'Checkout runs behind a feature flag',
      'Checkout totals are computed in cents',
    ]);
    expect(memoryToolInputSchema.safeParse({ action: 'add', content: '' }).success).toBe(false);
  });
});
