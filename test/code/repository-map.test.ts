import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CodeIndex, createCodeIndex, pageRank } from '../../src/code/index.js';
import { InvalidInputError } from '../../src/errors/index.js';
import { openDatabase } from '../../src/store/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace(files: Record<string, string>): { root: string; index: CodeIndex } {
  const root = mkdtempSync(join(tmpdir(), 'ax-map-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const index = createCodeIndex({ db: openDatabase(':memory:'), root });
  cleanups.push(() => {
    index.db.close();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, index };
}

/**
 * A small shop: `money.ts` is used by everything, `orders.ts` by the CLI, and `geometry.ts` by no one.
 */
const shop = {
  'src/money.ts': `/** An amount in cents. */
export type Money = { cents: number };
export function formatMoney(amount: Money): string {
  return (amount.cents / 100).toFixed(2);
}
export function addMoney(a: Money, b: Money): Money {
  return { cents: a.cents + b.cents };
}
`,
  'src/orders.ts': `import { addMoney, formatMoney, type Money } from './money.js';
export interface OrderLine { price: Money; quantity: number }
export function orderTotal(lines: OrderLine[]): Money {
  return lines.reduce((sum, line) => addMoney(sum, { cents: line.price.cents * line.quantity }), { cents: 0 });
}
export function describeOrder(lines: OrderLine[]): string {
  return formatMoney(orderTotal(lines));
}
`,
  'src/invoice.ts': `import { formatMoney, type Money } from './money.js';
export function invoiceLine(label: string, amount: Money): string {
  return label + ' ' + formatMoney(amount);
}
`,
  'src/cli.ts': `import { describeOrder, orderTotal } from './orders.js';
import { invoiceLine } from './invoice.js';
export function main(): void {
  console.log(describeOrder([]), invoiceLine('total', orderTotal([])));
}
`,
  'src/geometry.ts': `export function parsePoint(text: string): { x: number; y: number } {
  const [x, y] = text.split(',').map(Number);
  return { x: x ?? 0, y: y ?? 0 };
}
export function distanceBetweenPoints(a: { x: number }, b: { x: number }): number {
  return Math.abs(a.x - b.x);
}
`,
};

describe('ax code map', () => {
  it('ranks the file everything uses first and lists its signatures', async () => {
    const { index } = workspace(shop);
    await index.index({ workers: 0 });
    const map = index.map({ tokens: 2_000 });
    expect(map.totalFiles).toBe(5);
    expect(map.files[0]?.path).toBe('src/money.ts');
    expect(map.text).toContain('src/money.ts:');
    expect(map.text).toContain('function formatMoney(amount: Money): string');
    // Nobody references geometry.ts: it comes last.
    expect(map.files.at(-1)?.path).toBe('src/geometry.ts');
  });

  it('stays within the token budget, dropping the least-ranked definitions first', async () => {
    const { index } = workspace(shop);
    await index.index({ workers: 0 });
    const small = index.map({ tokens: 40 });
    expect(small.tokens).toBeLessThanOrEqual(40);
    expect(small.text.length).toBeGreaterThan(0);
    expect(small.files.map((file) => file.path)).toContain('src/money.ts');
    expect(small.files.map((file) => file.path)).not.toContain('src/geometry.ts');
    expect(index.map({ tokens: 1 }).text).toBe('');
  });

  it('puts a focused name or file first, so a question about a function gets that function’s file', async () => {
    const { index } = workspace(shop);
    await index.index({ workers: 0 });
    const byName = index.map({ tokens: 60, focus: ['What does parsePoint return for "3,4"?'] });
    expect(byName.focus.names).toEqual(['parsePoint']);
    expect(byName.files[0]?.path).toBe('src/geometry.ts');
    expect(byName.text).toContain('parsePoint(text: string)');
    // In a sentence only code-shaped words are names; a plain word naming a file focuses the file.
    const sentence = index.map({ tokens: 60, focus: ['where is the invoice main entry point?'] });
    expect(sentence.focus).toEqual({ files: ['src/invoice.ts'], names: [] });
    expect(index.map({ tokens: 60, focus: ['main'] }).focus.names).toEqual(['main']);
    const byFile = index.map({ tokens: 60, focus: ['src/invoice.ts'] });
    expect(byFile.focus.files).toEqual(['src/invoice.ts']);
    expect(byFile.files[0]?.path).toBe('src/invoice.ts');
  });

  it('rejects a budget that is not a positive number', async () => {
    const { index } = workspace(shop);
    expect(() => index.map({ tokens: 0 })).toThrow(InvalidInputError);
  });
});

describe('ax code refs', () => {
  it('lists every line that uses a name as a whole identifier, with the definition flagged', async () => {
    const { index } = workspace(shop);
    await index.index({ workers: 0 });
    const hits = index.references('formatMoney');
    expect(hits.map((hit) => `${hit.path}:${hit.line}`)).toEqual([
      'src/invoice.ts:1',
      'src/invoice.ts:3',
      'src/money.ts:3',
      'src/orders.ts:1',
      'src/orders.ts:7',
    ]);
    expect(hits.find((hit) => hit.path === 'src/money.ts')?.definition).toBe(true);
    expect(hits.find((hit) => hit.path === 'src/orders.ts' && hit.line === 7)?.symbol).toEqual({
      name: 'describeOrder',
      kind: 'function',
    });
    // `Money` is a word inside formatMoney/addMoney, but those are not uses of Money.
    expect(index.references('Money').every((hit) => /\bMoney\b/.test(hit.text))).toBe(true);
    expect(() => index.references('not a name')).toThrow(InvalidInputError);
  });
});

describe('TypeScript syntax the grammar lacks', () => {
  it('indexes `export type * from` without a syntax-error warning', async () => {
    const { index } = workspace({
      'src/index.ts': `export type * from './types.js';\nexport type * as shapes from './shapes.js';\nexport function ready(): boolean {\n  return true;\n}\n`,
    });
    const report = await index.index({ workers: 0 });
    expect(report.partial).toEqual([]);
    expect(index.definition('ready')[0]).toMatchObject({ path: 'src/index.ts', startLine: 3 });
  });

  it('indexes variance modifiers on type parameters (`in`, `out`, `in out`) without a warning', async () => {
    const { index } = workspace({
      'src/check.ts': [
        'export interface Check<in T = never> {',
        '  run(value: T): void;',
        '}',
        'export type Box<out T, in out U extends string> = { get(): T; key: U };',
        'export function within(items: string[], key: string): boolean {',
        '  for (const item in items) if (item === key) return true;',
        '  return key in { a: 1 };',
        '}',
        '',
      ].join('\n'),
    });
    const report = await index.index({ workers: 0 });
    expect(report.partial).toEqual([]);
    expect(index.definition('Check')[0]).toMatchObject({ kind: 'interface', startLine: 1 });
    expect(index.definition('Box')[0]).toMatchObject({ kind: 'type', startLine: 4 });
    expect(index.definition('within')[0]).toMatchObject({ kind: 'function', startLine: 5 });
    // The text searched is the file as written, modifiers included.
    expect(index.search('Check')[0]?.snippet).toContain('<in T = never>');
  });
});

describe('pageRank', () => {
  it('ranks the node everything points to highest and sums to 1', () => {
    const ranks = pageRank(3, [
      { from: 0, to: 2, weight: 1 },
      { from: 1, to: 2, weight: 1 },
      { from: 2, to: 0, weight: 1 },
    ]);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Math.max(...ranks)).toBe(ranks[2]);
    expect(ranks[1]).toBeLessThan(ranks[0] as number);
  });

  it('follows the personalisation when nothing links', () => {
    const ranks = pageRank(3, [], { personalization: [0, 0, 1] });
    expect(ranks[2]).toBeCloseTo(1, 9);
  });
});
