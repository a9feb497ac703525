import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeIndex, createCodeIndex } from '../../src/code/index.js';
import { rankedCandidates } from '../../src/code/ranked-matches.js';
import { openDatabase } from '../../src/store/index.js';

// Search ranks a bounded set of candidates for very common terms; the thing asked about must still come first
// even when it was indexed after every other match (so it is not among the first candidates FTS5 yields).
describe('search for common terms', () => {
  let root: string;
  let index: CodeIndex;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ax-code-common-'));
    index = createCodeIndex({ db: openDatabase(':memory:'), root });
    const common = rankedCandidates * 2;
    for (let n = 0; n < common; n += 1) {
      writeFileSync(
        join(root, `handler${n}.ts`),
        `/** Handles an order. */\nexport function handle${n}(order: number, total: number, invoice: string): number {\n  return order + total + invoice.length;\n}\n`,
      );
    }
    await index.index({ workers: 0 });
    writeFileSync(
      join(root, 'totals.ts'),
      'export function computeOrderTotal(items: number[]): number {\n  return items.reduce((sum, item) => sum + item, 0);\n}\n\nexport const invoicePrefix = "INV";\n',
    );
    await index.index({ workers: 0 });
  }, 60_000);

  afterAll(() => {
    index.db.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the identifier made of two common words first, in chunks and symbols', () => {
    const [chunk] = index.search('order total');
    expect(chunk).toMatchObject({ path: 'totals.ts', symbol: { name: 'computeOrderTotal' } });
    const [symbol] = index.symbols({ text: 'order total' });
    expect(symbol).toMatchObject({ path: 'totals.ts', name: 'computeOrderTotal' });
    // The common matches still follow.
    expect(index.search('order total', { limit: 5 })).toHaveLength(5);
  });

  it('finds the whole word typed before a prefix first', () => {
    const [chunk] = index.search('inv*');
    expect(chunk?.path).toBe('totals.ts');
  });
});
