import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

// Start-up cost is mostly module loading, so the test checks what loads, not how long it takes
// (timings live in bench/startup.bench.mjs): a command must not pay for systems it does not use.
const folder = mkdtempSync(join(tmpdir(), 'ax-lazy-'));
const hook = join(folder, 'trace-loads.mjs');
writeFileSync(
  hook,
  `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); } });
`,
);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function loadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', hook, cliPath, ...args], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: join(folder, 'ax.db') },
  });
  expect(result.status).toBe(0);
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

const heavy = [
  '/node_modules/ai/',
  '/node_modules/@ai-sdk/',
  'web-tree-sitter',
  '/node_modules/zod/',
  '/simulator/',
];

describe('lazy start-up', () => {
  it('ax --version loads no sub-command and no heavy dependency', () => {
    const loaded = loadedBy(['--version']);
    expect(loaded.filter((url) => /-command\.js$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => heavy.some((part) => url.includes(part)))).toEqual([]);
  });

  it('ax workflow list loads the store, not the engine, the AI SDK, tree-sitter or the simulator', () => {
    const loaded = loadedBy(['workflow', 'list']);
    expect(loaded.some((url) => url.endsWith('/store/index.js'))).toBe(true);
    expect(loaded.filter((url) => heavy.some((part) => url.includes(part)))).toEqual([]);
    expect(loaded.filter((url) => url.includes('/workflows/workflow-engine.js'))).toEqual([]);
  });
});
