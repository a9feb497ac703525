import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../store/index.js';
import { type CodeIndex, createCodeIndex } from './code-index.js';
import { codeToolInputSchema, runCodeTool } from './code-tool.js';

let root: string;
let index: CodeIndex;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ax-code-tool-'));
  writeFileSync(
    join(root, 'cart.ts'),
    'export class Cart {\n  /** Sum of all line totals. */\n  total(): number {\n    return 0;\n  }\n}\n',
  );
  index = createCodeIndex({ db: openDatabase(':memory:'), root });
  await index.index({ workers: 0 });
});

afterAll(() => {
  index.db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('code-intelligence tool', () => {
  it('has a JSON Schema for the model and validates its input', () => {
    expect(z.toJSONSchema(codeToolInputSchema)).toHaveProperty('oneOf');
    expect(codeToolInputSchema.safeParse({ action: 'search' }).success).toBe(false);
    expect(codeToolInputSchema.safeParse({ action: 'definition', name: 'Cart' }).success).toBe(true);
  });

  it('searches, looks up symbols and definitions, and reads numbered lines', () => {
    expect(runCodeTool(index, { action: 'search', query: 'line totals' })).toEqual([
      { location: 'cart.ts:2', snippet: '/** Sum of all line totals. */', symbol: 'total' },
    ]);
    expect(runCodeTool(index, { action: 'symbols', name: 'tot' })).toEqual([
      { location: 'cart.ts:3-5', kind: 'method', name: 'Cart.total', signature: 'total(): number' },
    ]);
    expect(runCodeTool(index, { action: 'definition', name: 'Cart' })).toMatchObject([
      { location: 'cart.ts:1-6', kind: 'class', name: 'Cart' },
    ]);
    expect(runCodeTool(index, { action: 'read', path: 'cart.ts', startLine: 3, endLine: 4 })).toEqual({
      path: 'cart.ts',
      startLine: 3,
      endLine: 4,
      totalLines: 6,
      text: '3\t  total(): number {\n4\t    return 0;',
    });
  });
});
