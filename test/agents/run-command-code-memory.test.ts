import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemory } from '../../src/memory/index.js';
import { runMain } from '../helpers/run-main.js';

/** `ax run` with the code index and memory on the run store's database, run in-process in a fresh project. */
let project: string;
let cwd: string;

beforeEach(() => {
  cwd = process.cwd();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-run-code-')));
  mkdirSync(join(project, 'src'));
  writeFileSync(
    join(project, 'src', 'orders.ts'),
    'export function computeOrderTotal(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}\n',
  );
  process.chdir(project);
});
afterEach(() => {
  process.chdir(cwd);
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function ax(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runMain([
    'run',
    ...args,
    '--simulator',
    '--permissions',
    'read-only',
    '--db',
    join(project, 'ax.db'),
  ]);
}

const lookup =
  'Where is the order total computed? [[tool:code-intelligence {"action":"definition","name":"computeOrderTotal"}]]';

describe('ax run with code intelligence and memory', () => {
  it('indexes the workspace on first use, answers with the location, and the next run recalls the outcome', async () => {
    const first = await ax('backend', lookup);
    expect(first.code).toBe(0);
    expect(first.err).toContain('→ code-intelligence definition computeOrderTotal');
    expect(first.err).toMatch(/✓ code-intelligence \(\d+ ms\)/);
    expect(first.out).toContain('"location":"src/orders.ts:1-3"');

    const second = await ax('backend', 'Is the order total computed correctly for an empty order?');
    expect(second.code).toBe(0);
    expect(second.err).toContain('recalled 1 memory from earlier runs');

    const memory = createMemory({ dbPath: join(project, 'ax.db') });
    expect(memory.count({ agent: 'backend' })).toBe(2);
    memory.close();
  });

  it('--no-memory and --no-code-intelligence turn them off', async () => {
    await ax('backend', 'How is the order total computed?');
    const off = await ax('backend', lookup, '--no-memory', '--no-code-intelligence');
    expect(off.code).toBe(0);
    expect(off.err).not.toContain('recalled');
    expect(off.out).toContain(
      'The task asks for the tool "code-intelligence", but this request offers only: bash, file',
    );
    const memory = createMemory({ dbPath: join(project, 'ax.db') });
    expect(memory.count({ agent: 'backend' })).toBe(1);
    memory.close();
  });
});
