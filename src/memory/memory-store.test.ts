import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import { openDatabase } from '../store/index.js';
import { createMemory } from './memory-store.js';

const day = 86_400_000;

/** A memory over an in-memory database with a clock the test moves by hand. */
function memoryAt(start = Date.UTC(2026, 0, 1), options: Parameters<typeof createMemory>[0] = {}) {
  const clock = { now: start };
  const memory = createMemory({ db: openDatabase(':memory:'), now: () => clock.now, ...options });
  return { memory, clock };
}

describe('memory store', () => {
  it('adds, shows, lists newest first, filters and deletes', () => {
    const { memory, clock } = memoryAt();
    const first = memory.add({
      content: 'Use pnpm in this repo',
      agent: 'backend',
      tags: ['Tooling', 'tooling', 'build system'],
    });
    clock.now += 1000;
    const second = memory.add({
      content: 'Staging needs the VPN',
      agent: 'devops',
      task: 'deploy',
      sourceRun: 'run-1',
    });
    expect(first).toMatchObject({
      id: 1,
      agent: 'backend',
      task: '',
      tags: ['tooling', 'build-system'],
      kind: 'note',
    });
    expect(memory.get(second.id)).toEqual(second);
    expect(memory.list().map((entry) => entry.id)).toEqual([2, 1]);
    expect(memory.list({ agent: 'backend' }).map((entry) => entry.id)).toEqual([1]);
    expect(memory.list({ tag: 'Build System' }).map((entry) => entry.id)).toEqual([1]);
    expect(memory.remove(1)).toBe(true);
    expect(memory.remove(1)).toBe(false);
    expect(memory.search('pnpm')).toEqual([]);
    expect(() => memory.add({ content: '   ' })).toThrow(InvalidInputError);
  });

  it('keeps entries within the retention policy by age and by count', () => {
    const { memory, clock } = memoryAt(Date.UTC(2026, 0, 1), {
      retention: { maxEntries: 3, maxAgeDays: 30 },
    });
    memory.add({ content: 'old lesson' });
    clock.now += 31 * day;
    for (const n of [1, 2, 3, 4]) {
      memory.add({ content: `lesson ${n}` });
      clock.now += 1000;
    }
    expect(memory.list().map((entry) => entry.content)).toEqual(['lesson 4', 'lesson 3', 'lesson 2']);
    expect(memory.prune({ maxEntries: 1 })).toBe(2);
    expect(memory.count()).toBe(1);
  });

  it('exports and imports without losing anything, and importing twice changes nothing', () => {
    const { memory, clock } = memoryAt();
    memory.add({
      content: 'Quotes "and" unicode: café ✓\nsecond line',
      agent: 'writer',
      tags: ['style'],
      task: 't',
    });
    clock.now += 5000;
    memory.recordOutcome({
      agent: 'backend',
      task: 'fix login',
      runId: 'run-9',
      status: 'failed',
      summary: 'tests timed out',
    });
    const exported = memory.exportAll();

    const copy = memoryAt(Date.UTC(2030, 0, 1)).memory;
    expect(copy.importEntries(JSON.parse(JSON.stringify(exported)))).toEqual({
      imported: 2,
      unchanged: 0,
      renumbered: 0,
    });
    expect(copy.exportAll()).toEqual(exported);
    expect(copy.importEntries(exported)).toEqual({ imported: 0, unchanged: 2, renumbered: 0 });
    expect(copy.search('timed out')[0]).toMatchObject({
      kind: 'outcome',
      sourceRun: 'run-9',
      tags: ['outcome', 'failed'],
    });

    // An id taken by a different entry is kept under a new id rather than overwritten.
    const other = memoryAt().memory;
    other.add({ content: 'something else entirely' });
    expect(other.importEntries(exported)).toEqual({ imported: 2, unchanged: 0, renumbered: 1 });
    expect(other.count()).toBe(3);
    expect(() => other.importEntries([{ id: 1, content: 'missing fields' }])).toThrow(
      /memory entry 1 is not valid/,
    );
    expect(other.count()).toBe(3);
  });

  it('builds prompt context within a count and token budget, without other agents\u2019 notes', () => {
    const { memory } = memoryAt();
    memory.add({ content: 'The payments API rate-limits at 100 requests per second', agent: 'backend' });
    memory.add({ content: 'Payments API keys rotate monthly', agent: 'security' });
    memory.add({ content: 'Payments API retries must be idempotent', tags: ['payments'] });
    memory.add({ content: 'The office coffee machine is on floor 3' });
    const context = memory.contextFor({
      task: 'Add retries to the payments API client',
      agent: 'backend',
      limit: 5,
    });
    expect(context.entries.map((entry) => entry.content)).toEqual([
      'Payments API retries must be idempotent',
      'The payments API rate-limits at 100 requests per second',
    ]);
    expect(context.text).toMatch(/^Relevant memories from earlier runs/);
    expect(context.text).toContain('- 2026-01-01 backend: The payments API rate-limits');

    const small = memory.contextFor({ task: 'payments API', agent: 'backend', maxTokens: 40 });
    expect(small.entries).toHaveLength(1);
    expect(small.estimatedTokens).toBeLessThanOrEqual(40);
    expect(memory.contextFor({ task: 'payments', limit: 1 }).entries).toHaveLength(1);
    expect(memory.contextFor({ task: '!!!' })).toEqual({ entries: [], text: '', estimatedTokens: 0 });
  });

  it('clears by filter', () => {
    const { memory } = memoryAt();
    memory.add({ content: 'a', agent: 'x' });
    memory.add({ content: 'b', agent: 'y' });
    memory.add({ content: 'c', agent: 'x', kind: 'outcome' });
    expect(memory.clear({ agent: 'x', kind: 'outcome' })).toBe(1);
    expect(memory.clear({ agent: 'x' })).toBe(1);
    expect(memory.clear()).toBe(1);
    expect(memory.count()).toBe(0);
  });
});
