import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CodeIndex, createCodeIndex } from '../../src/code/index.js';
import { InvalidInputError } from '../../src/errors/index.js';
import { openDatabase } from '../../src/store/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A fresh folder with the given files, and a code index over it in an in-memory database. */
function workspace(files: Record<string, string | Buffer>): {
  root: string;
  index: CodeIndex;
  write: typeof write;
} {
  const root = mkdtempSync(join(tmpdir(), 'ax-code-'));
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const index = createCodeIndex({ db: openDatabase(':memory:'), root });
  cleanups.push(() => {
    index.db.close();
    rmSync(root, { recursive: true, force: true });
  });
  return { root, index, write };
}

function moduleSource(n: number): string {
  return `/** Computes value ${n}. */\nexport function compute${n}(input: number): number {\n  return input * ${n};\n}\n\nexport class Widget${n} {\n  render(): string {\n    return 'widget ${n}';\n  }\n}\n`;
}

/** Sets a file's mtime to a fixed, distinct instant so "changed" never depends on the clock's resolution. */
function setMtime(root: string, path: string, seconds: number): void {
  utimesSync(join(root, path), seconds, seconds);
}

describe('incremental indexing', () => {
  it('re-parses only the file that changed in a tree of 150, and none when nothing changed', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 150 }, (_, n) => [`src/m${n}/module${n}.ts`, moduleSource(n)]),
    );
    const { root, index, write } = workspace(files);
    const cold = await index.index({ workers: 0 });
    expect(cold).toMatchObject({ scanned: 150, parsed: 150, unchanged: 0, removed: 0 });
    expect(index.stats().symbols).toBe(150 * 3);

    const again = await index.index({ workers: 0 });
    expect(again).toMatchObject({ scanned: 150, parsed: 0, unchanged: 150 });

    write('src/m7/module7.ts', `${moduleSource(7)}\nexport const addedLater = 7;\n`);
    setMtime(root, 'src/m7/module7.ts', 2_000_000_000);
    const edited = await index.index({ workers: 0 });
    expect(edited).toMatchObject({ parsed: 1, unchanged: 149 });
    expect(index.definition('addedLater')).toMatchObject([
      { path: 'src/m7/module7.ts', kind: 'variable', startLine: 12 },
    ]);

    // A touch changes the mtime but not the content: the hash says unchanged, nothing is parsed.
    setMtime(root, 'src/m9/module9.ts', 2_000_000_100);
    expect(await index.index({ workers: 0 })).toMatchObject({ parsed: 0, unchanged: 150 });
  });

  it('drops deleted files from search and finds a renamed file under its new path', async () => {
    const { root, index } = workspace({
      'a/gone.py': 'def vanishing_helper():\n    return 1\n',
      'a/old_name.py': 'def relocated_function():\n    """Moves around."""\n    return 2\n',
    });
    await index.index({ workers: 0 });
    expect(index.search('vanishing_helper')).toHaveLength(1);

    unlinkSync(join(root, 'a/gone.py'));
    renameSync(join(root, 'a/old_name.py'), join(root, 'a/new_name.py'));
    const report = await index.index({ workers: 0 });
    expect(report).toMatchObject({ removed: 2, parsed: 1 });
    expect(index.search('vanishing_helper')).toEqual([]);
    expect(index.search('relocated_function').map((hit) => hit.path)).toEqual(['a/new_name.py']);
    expect(index.definition('relocated_function')).toMatchObject([
      { path: 'a/new_name.py', doc: 'Moves around.' },
    ]);
    expect(index.stats().files).toBe(1);
  });

  it('parses in worker threads with the same result as in this thread', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 40 }, (_, n) => [`w/module${n}.ts`, moduleSource(n)]),
    );
    files['w/tool.py'] = 'class Tool:\n    def run(self):\n        pass\n';
    files['w/main.go'] = 'package main\n\nfunc main() {}\n';
    const inThread = workspace(files);
    const withWorkers = workspace(files);
    const a = await inThread.index.index({ workers: 0 });
    const b = await withWorkers.index.index({ workers: 2, batchSize: 8 });
    expect(b.workers).toBe(2);
    expect(b.parsed).toBe(a.parsed);
    const names = (index: CodeIndex) =>
      index
        .symbols({ name: '', prefix: true, limit: 1000 })
        .map((hit) => `${hit.path}:${hit.kind}:${hit.name}:${hit.startLine}`)
        .sort();
    expect(names(withWorkers.index)).toEqual(names(inThread.index));
    expect(names(inThread.index)).toContain('w/tool.py:method:run:2');
  });
});

describe('what gets indexed', () => {
  it('honours .gitignore (with negation), the default excludes and extra patterns', async () => {
    const { index } = workspace({
      '.gitignore': 'generated/\n*.log.ts\n!keep.log.ts\n/rootonly.ts\n',
      'src/app.ts': 'export const app = 1;\n',
      'src/rootonly.ts': 'export const nested = 1;\n',
      'rootonly.ts': 'export const top = 1;\n',
      'generated/out.ts': 'export const generated = 1;\n',
      'debug.log.ts': 'export const debug = 1;\n',
      'keep.log.ts': 'export const kept = 1;\n',
      'node_modules/lib/index.js': 'export const dependency = 1;\n',
      'dist/bundle.js': 'export const built = 1;\n',
      'vendor.min.js': 'var minified=1;\n',
      'docs/notes.ts': 'export const notes = 1;\n',
      'README.unknown': 'no grammar for this\n',
    });
    await index.index({ workers: 0, exclude: ['docs/'] });
    const paths = index
      .symbols({ name: '', prefix: true })
      .map((hit) => hit.path)
      .sort();
    expect(paths).toEqual(['keep.log.ts', 'src/app.ts', 'src/rootonly.ts']);
  });

  it('skips or partly indexes bad files with a reason, and the index stays consistent', async () => {
    const bigSource = Array.from({ length: 3000 }, (_, n) => `function f${n}() { return ${n}; }`).join('\n');
    const { root, index } = workspace({
      'ok.js': 'export function healthy() { return 1; }\n',
      'binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
      'latin1.py': Buffer.concat([
        Buffer.from('def caf'),
        Buffer.from([0xe9]),
        Buffer.from('_menu():\n    return "menu"\n'),
      ]),
      'broken.ts': 'export function survivor(a: number) { return a; }\nexport class {{{ oops\n',
      'slow.js': bigSource,
    });
    writeFileSync(join(root, 'huge.ts'), '');
    truncateSync(join(root, 'huge.ts'), 50 * 1024 * 1024);
    mkdirSync(join(root, 'loop'));
    symlinkSync('..', join(root, 'loop/back'));

    const report = await index.index({ workers: 0, parseTimeoutMs: 0 });
    const skipped = Object.fromEntries(report.skipped.map((skip) => [skip.path, skip.reason]));
    expect(skipped['binary.js']).toMatch(/binary/);
    expect(skipped['huge.ts']).toMatch(/larger than the 1048576-byte cap/);
    expect(skipped['loop/back']).toMatch(/symbolic link loop/);
    const partial = Object.fromEntries(report.partial.map((file) => [file.path, file.warnings.join('; ')]));
    expect(partial['latin1.py']).toMatch(/invalid UTF-8/);
    expect(partial['broken.ts']).toMatch(/syntax errors/);
    expect(partial['slow.js']).toMatch(/timed out/);

    // Partly indexed files are still found: by the symbols recovered, or as text.
    expect(index.definition('survivor')).toMatchObject([{ path: 'broken.ts' }]);
    expect(index.search('f2999').map((hit) => [hit.path, hit.line])).toEqual([['slow.js', 3000]]);
    expect(index.search('menu').map((hit) => hit.path)).toContain('latin1.py');
    expect(index.stats()).toMatchObject({ files: 4, partialFiles: 3 });

    expect(index.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    for (const table of ['code_chunks_fts', 'code_symbols_fts']) {
      expect(() => index.db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`)).not.toThrow();
    }
  });
});

describe('queries', () => {
  it('ranks hits, names the enclosing symbol, and filters by language and path', async () => {
    const { index } = workspace({
      'server/retry.ts':
        '/** Retries a request with backoff. */\nexport function retryWithBackoff(attempts: number) {\n  const backoff = attempts * 2;\n  return backoff;\n}\n',
      'client/retry.py': 'def retry_request():\n    """Retries once, no backoff."""\n    return None\n',
      'notes/other.ts': 'export const unrelated = "nothing to see";\n',
    });
    await index.index({ workers: 0 });
    const hits = index.search('backoff');
    expect(hits[0]).toMatchObject({
      path: 'server/retry.ts',
      symbol: { name: 'retryWithBackoff', kind: 'function' },
    });
    expect(hits.map((hit) => hit.path)).not.toContain('notes/other.ts');
    expect(index.search('backoff', { language: 'python' }).map((hit) => hit.path)).toEqual([
      'client/retry.py',
    ]);
    expect(index.search('backoff', { pathPrefix: 'server/' }).map((hit) => hit.path)).toEqual([
      'server/retry.ts',
    ]);
    // Parts of compound identifiers are searchable words.
    expect(index.search('with backoff').map((hit) => hit.path)).toContain('server/retry.ts');
    expect(index.symbols({ text: 'backoff' })[0]).toMatchObject({ name: 'retryWithBackoff' });
    expect(
      index
        .symbols({ name: 'retry', prefix: true, kind: 'function' })
        .map((hit) => hit.name)
        .sort(),
    ).toEqual(['retryWithBackoff', 'retry_request']);
  });

  it('never crashes on query syntax a person types: it escapes it or says what is wrong', async () => {
    const { index } = workspace({ 'a.ts': 'export function foo() { return "bar"; }\n' });
    await index.index({ workers: 0 });
    for (const query of [
      '"foo',
      'foo AND',
      'OR foo',
      'foo*',
      'foo(',
      'NEAR(foo bar)',
      "foo' OR 1=1",
      'a:b',
      '^foo',
      'foo -bar',
    ]) {
      expect(() => index.search(query), query).not.toThrow();
    }
    expect(index.search('"foo').map((hit) => hit.path)).toEqual(['a.ts']);
    expect(index.search('fo*').map((hit) => hit.path)).toEqual(['a.ts']);
    for (const query of ['*', '""', '   ', '((', 'AND OR NOT']) {
      expect(() => index.search(query), query).toThrow(InvalidInputError);
    }
  });

  it('reads a range of a file and refuses paths outside the root', async () => {
    const { index } = workspace({ 'lib/a.ts': 'line1\nline2\nline3\nline4\n' });
    expect(index.readRange({ path: 'lib/a.ts', startLine: 2, endLine: 3 })).toEqual({
      path: 'lib/a.ts',
      startLine: 2,
      endLine: 3,
      totalLines: 4,
      text: 'line2\nline3',
    });
    expect(() => index.readRange({ path: '../../etc/passwd' })).toThrow(/outside the indexed root/);
    expect(() => index.readRange({ path: 'lib/missing.ts' })).toThrow(InvalidInputError);
  });
});
