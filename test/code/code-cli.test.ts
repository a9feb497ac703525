import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const fixtures = join(import.meta.dirname, '../fixtures/code');
let root: string;
let db: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ax-code-cli-'));
  db = join(root, 'state', 'ax.db');
  mkdirSync(join(root, 'src'));
  for (const file of ['sample.ts', 'sample.py', 'sample.go', 'Sample.java', 'sample.rs']) {
    copyFileSync(join(fixtures, file), join(root, 'src', file));
  }
  // Enough files for the indexer to use its worker threads (the compiled parse-worker.js).
  for (let n = 0; n < 40; n++) {
    writeFileSync(join(root, 'src', `gen${n}.js`), `export function generated${n}() { return ${n}; }\n`);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ax code (the built CLI)', () => {
  it('indexes a folder with worker threads and reports it as JSON', async () => {
    const result = await runCli(['code', 'index', root, '--db', db, '--workers', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ scanned: 45, parsed: 45, unchanged: 0, workers: 2, skipped: [] });

    const again = await runCli(['code', 'index', root, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/indexed 45 files .*: 0 parsed, 45 unchanged, 0 removed, 0 skipped/);
  });

  it('searches, lists symbols, finds definitions and shows stats', async () => {
    const search = await runCli(['code', 'search', 'parse point', '--db', db, '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout)[0]).toMatchObject({
      path: 'src/sample.ts',
      symbol: { name: 'parsePoint' },
    });

    const def = await runCli(['code', 'def', 'parsePoint', '--db', db], { cwd: root });
    expect(def.stdout).toContain('function  parsePoint  src/sample.ts:27-30');
    expect(def.stdout).toContain('Parses a point.');

    const symbols = await runCli(['code', 'symbols', 'order', '--kind', 'class', '--db', db, '--json']);
    const found = JSON.parse(symbols.stdout).map(
      (hit: { path: string; name: string }) => `${hit.path}:${hit.name}`,
    );
    expect(found.sort()).toEqual(['src/Sample.java:Order', 'src/sample.go:Order', 'src/sample.rs:Order']);

    const stats = await runCli(['code', 'stats', '--db', db, '--json']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ files: 45, roots: [root] });
  });

  it('prints a repository map within a token budget, centred on a focus, and lists references', async () => {
    const map = await runCli(['code', 'map', root, '--db', db, '--tokens', '80', '--focus', 'parsePoint']);
    expect(map.code, map.stderr).toBe(0);
    expect(map.stdout.split('\n')[0]).toBe('src/sample.ts:');
    expect(map.stdout).toContain('function parsePoint(text: string): Point');
    expect(map.stdout.length).toBeLessThanOrEqual(80 * 4);
    expect(map.stderr).toMatch(/of 45 files, ~\d+ tokens; focus: parsePoint/);
    const json = JSON.parse((await runCli(['code', 'map', root, '--db', db, '--json'])).stdout);
    expect(json).toMatchObject({ totalFiles: 45, focus: { files: [], names: [] } });
    expect(json.tokens).toBeLessThanOrEqual(1024);

    const refs = await runCli(['code', 'refs', 'Point', '--db', db, '--json']);
    expect(refs.code, refs.stderr).toBe(0);
    expect(
      JSON.parse(refs.stdout).map((hit: { path: string; line: number }) => `${hit.path}:${hit.line}`),
    ).toEqual(['src/sample.ts:8', 'src/sample.ts:15', 'src/sample.ts:27']);
    const bad = await runCli(['code', 'refs', 'two words', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an identifier');
    const badBudget = await runCli(['code', 'map', root, '--db', db, '--tokens', '0']);
    expect(badBudget.code).toBe(2);
  });

  it('answers bad input with exit code 2 and a hint, and a missing definition with 1', async () => {
    const unterminated = await runCli(['code', 'search', '"parsePoint', '--db', db, '--json']);
    expect(unterminated.code).toBe(0);
    expect(JSON.parse(unterminated.stdout).length).toBeGreaterThan(0);

    const empty = await runCli(['code', 'search', '***', '--db', db]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('has no words to search for');

    const language = await runCli(['code', 'search', 'x', '--language', 'pyton', '--db', db]);
    expect(language.code).toBe(2);
    expect(language.stderr).toContain('did you mean python');

    const missing = await runCli(['code', 'def', 'noSuchThing', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('no definition of "noSuchThing"');
  });

  it('has help with an example for every sub-command', async () => {
    for (const sub of ['index', 'search', 'symbols', 'def', 'refs', 'map', 'stats', 'languages']) {
      const help = await runCli(['code', sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout, sub).toMatch(/Example:\n {2}ax code /);
    }
    const languages = await runCli(['code', 'languages', '--json']);
    expect(JSON.parse(languages.stdout).length).toBeGreaterThanOrEqual(45);
  });
});
