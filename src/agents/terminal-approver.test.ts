import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminalApprover } from './terminal-approver.js';
import { defaultPermissionMode } from './tools/permission-policy.js';

describe('permission defaults and the terminal approver', () => {
  it('defaults to ask with a person at a terminal and read-only without one', () => {
    expect(defaultPermissionMode(true)).toBe('ask');
    expect(defaultPermissionMode(false)).toBe('read-only');
  });

  it('asks one question at a time and allows only on yes', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString();
    });
    const approve = createTerminalApprover(input, output);
    const request = { agent: 'backend', tool: 'bash', kind: 'command' as const, summary: 'npm test' };
    const first = approve(request);
    const second = approve({ ...request, summary: 'rm -rf build' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toContain('allow backend to bash: npm test? [y/N]');
    expect(shown).not.toContain('rm -rf build');
    input.write('y\n');
    await expect(first).resolves.toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toContain('rm -rf build');
    input.write('\n');
    await expect(second).resolves.toBe(false);
  });
});
