import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let folder: string;
let db: string;
const ax = (...args: string[]) => runCli(['memory', ...args, '--db', db]);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'ax-memory-cli-'));
  db = join(folder, 'ax.db');
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('ax memory (the built CLI)', () => {
  it('adds, searches, lists, shows and deletes', async () => {
    const added = await ax(
      'add',
      'The staging database needs the VPN',
      '--agent',
      'devops',
      '--tag',
      'infra',
      'staging',
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 1, agent: 'devops', tags: ['infra', 'staging'] });
    await ax('add', 'Use pnpm, not npm', '--agent', 'backend');

    const search = await ax('search', 'how to reach the staging database', '--json');
    expect(JSON.parse(search.stdout)[0]).toMatchObject({
      id: 1,
      snippet: expect.stringContaining('[staging]'),
    });

    const list = await ax('list', '--agent', 'backend');
    expect(list.stdout).toContain('Use pnpm, not npm');
    expect(list.stdout).not.toContain('VPN');

    const show = await ax('show', '1');
    expect(show.stdout).toContain('tags: infra, staging');

    expect((await ax('delete', '2')).stdout).toContain('deleted #2');
    const missing = await ax('show', '2');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no memory #2');
  });

  it('exports and imports JSON Lines losslessly, and clear needs --yes', async () => {
    const file = join(folder, 'export.jsonl');
    expect((await ax('export', file)).code).toBe(0);
    const exported = readFileSync(file, 'utf8');
    expect(exported.trim().split('\n')).toHaveLength(1);

    const refused = await ax('clear');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('run again with --yes');
    expect(JSON.parse((await ax('clear', '--yes', '--json')).stdout)).toEqual({ deleted: 1 });

    const imported = await ax('import', file, '--json');
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 1, unchanged: 0, renumbered: 0 });
    const again = await runCli(['memory', 'export', '--db', db]);
    expect(again.stdout).toBe(exported);

    const bad = await ax('import', join(folder, 'nope.jsonl'));
    expect(bad.code).toBe(2);
  });

  it('has help with an example for every sub-command', async () => {
    for (const sub of ['add', 'search', 'list', 'show', 'delete', 'export', 'import', 'clear']) {
      const help = await runCli(['memory', sub, '--help']);
      expect(help.stdout, sub).toMatch(/Example:\n {2}ax memory /);
    }
  });
});
