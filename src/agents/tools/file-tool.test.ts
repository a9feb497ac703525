import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFileAction } from './file-tool.js';
import { temporaryWorkspace, toolContext } from './sandbox.test-support.js';

function setup(mode: 'auto' | 'read-only' | 'ask' = 'auto') {
  const sandbox = temporaryWorkspace();
  writeFileSync(join(sandbox.parent, 'secret.txt'), 'outside');
  mkdirSync(join(sandbox.root, 'src'));
  writeFileSync(
    join(sandbox.root, 'src', 'app.ts'),
    'export const answer = 41;\nexport const name = "app";\n',
  );
  return { ...sandbox, context: toolContext(sandbox.workspace, mode) };
}

describe('file tool inside the workspace', () => {
  it('reads, writes, edits, lists, globs and greps', async () => {
    const { root, context } = setup();
    expect(await runFileAction(context, { action: 'read', path: 'src/app.ts' })).toMatchObject({
      path: 'src/app.ts',
      content: expect.stringContaining('answer = 41'),
      truncated: false,
    });
    await runFileAction(context, { action: 'write', path: 'docs/notes.md', content: '# Notes\n' });
    expect(readFileSync(join(root, 'docs', 'notes.md'), 'utf8')).toBe('# Notes\n');
    await runFileAction(context, { action: 'edit', path: 'src/app.ts', oldText: '41', newText: '42' });
    expect(readFileSync(join(root, 'src', 'app.ts'), 'utf8')).toContain('answer = 42');
    expect(await runFileAction(context, { action: 'list', path: '.' })).toMatchObject({
      entries: [
        { name: 'docs', type: 'folder' },
        { name: 'src', type: 'folder' },
      ],
    });
    expect(await runFileAction(context, { action: 'glob', pattern: '**/*.ts' })).toMatchObject({
      matches: ['src/app.ts'],
    });
    expect(await runFileAction(context, { action: 'grep', pattern: 'NAME', ignoreCase: true })).toMatchObject(
      {
        matches: [{ path: 'src/app.ts', line: 2, text: 'export const name = "app";' }],
      },
    );
  });

  it('refuses an ambiguous edit and says how to fix it', async () => {
    const { context } = setup();
    await expect(
      runFileAction(context, { action: 'edit', path: 'src/app.ts', oldText: 'export', newText: 'x' }),
    ).rejects.toThrow(/occurs 2 times .* include more context or set replaceAll/);
  });

  it('caps what a read returns', async () => {
    const { root, workspace } = setup();
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(10_000));
    const context = toolContext(workspace, 'auto', { limits: { maxReadBytes: 1_000 } });
    const result = await runFileAction(context, { action: 'read', path: 'big.txt' });
    expect(result).toMatchObject({ bytes: 10_000, truncated: true });
    expect((result.content as string).length).toBe(1_000);
  });
});

describe('file tool escape attempts', () => {
  it('refuses ../ paths and absolute paths outside the workspace', async () => {
    const { context } = setup();
    await expect(runFileAction(context, { action: 'read', path: '../../etc/passwd' })).rejects.toThrow(
      /outside the workspace/,
    );
    await expect(runFileAction(context, { action: 'read', path: '/etc/passwd' })).rejects.toThrow(
      /outside the workspace/,
    );
    await expect(runFileAction(context, { action: 'read', path: '../secret.txt' })).rejects.toThrow(
      /outside the workspace/,
    );
    await expect(
      runFileAction(context, { action: 'write', path: '../evil.txt', content: 'x' }),
    ).rejects.toThrow(/outside the workspace/);
    await expect(runFileAction(context, { action: 'glob', pattern: '../*' })).rejects.toThrow(/without \.\./);
  });

  it('accepts an absolute path inside the workspace', async () => {
    const { root, context } = setup();
    await expect(
      runFileAction(context, { action: 'read', path: join(root, 'src', 'app.ts') }),
    ).resolves.toMatchObject({ path: 'src/app.ts' });
  });

  it('refuses symlinks that lead outside, for reading, writing, listing and searching', async () => {
    const { parent, root, context } = setup();
    symlinkSync('/', join(root, 'rootlink'));
    symlinkSync(parent, join(root, 'parentlink'));
    symlinkSync(join(parent, 'nowhere', 'new.txt'), join(root, 'dangling'));
    await expect(runFileAction(context, { action: 'read', path: 'rootlink/etc/passwd' })).rejects.toThrow(
      /symbolic link/,
    );
    await expect(runFileAction(context, { action: 'list', path: 'rootlink' })).rejects.toThrow(
      /symbolic link/,
    );
    await expect(
      runFileAction(context, { action: 'write', path: 'parentlink/evil.txt', content: 'x' }),
    ).rejects.toThrow(/symbolic link/);
    await expect(runFileAction(context, { action: 'write', path: 'dangling', content: 'x' })).rejects.toThrow(
      /symbolic link/,
    );
    await expect(
      runFileAction(context, {
        action: 'edit',
        path: 'parentlink/secret.txt',
        oldText: 'outside',
        newText: 'x',
      }),
    ).rejects.toThrow(/symbolic link/);
    const globbed = await runFileAction(context, { action: 'glob', pattern: '**/secret.txt' });
    expect(globbed.matches).toEqual([]);
    const grepped = await runFileAction(context, { action: 'grep', pattern: 'outside' });
    expect(grepped.matches).toEqual([]);
    expect(readdirSync(parent).sort()).toEqual(['secret.txt', 'workspace']);
    expect(readFileSync(join(parent, 'secret.txt'), 'utf8')).toBe('outside');
    expect(existsSync(join(parent, 'nowhere'))).toBe(false);
  });
});

describe('file tool permissions', () => {
  it('read-only mode reads but refuses writes and edits with a way out', async () => {
    const { root, context } = setup('read-only');
    await expect(runFileAction(context, { action: 'read', path: 'src/app.ts' })).resolves.toBeDefined();
    await expect(runFileAction(context, { action: 'write', path: 'a.txt', content: 'x' })).rejects.toThrow(
      /not allowed in read-only mode; run with --permissions ask .* or --permissions auto/,
    );
    await expect(
      runFileAction(context, { action: 'edit', path: 'src/app.ts', oldText: '41', newText: '0' }),
    ).rejects.toThrow(/read-only/);
    expect(existsSync(join(root, 'a.txt'))).toBe(false);
    expect(readFileSync(join(root, 'src', 'app.ts'), 'utf8')).toContain('41');
  });

  it('ask mode asks the approver, and refuses when nobody can be asked', async () => {
    const { root, workspace } = setup();
    const asked: string[] = [];
    const yes = toolContext(workspace, 'ask', {
      approver: async (request) => {
        asked.push(request.summary);
        return request.summary.includes('ok.txt');
      },
    });
    await runFileAction(yes, { action: 'write', path: 'ok.txt', content: 'fine' });
    await expect(runFileAction(yes, { action: 'write', path: 'no.txt', content: 'x' })).rejects.toThrow(
      /declined/,
    );
    expect(asked).toEqual(['write ok.txt (4 bytes)', 'write no.txt (1 bytes)']);
    const nobody = toolContext(workspace, 'ask');
    await expect(runFileAction(nobody, { action: 'write', path: 'x.txt', content: 'x' })).rejects.toThrow(
      /needs approval, but no person can be asked .* --permissions auto/,
    );
    expect(readdirSync(root).sort()).toEqual(['ok.txt', 'src']);
  });
});
