import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'ax-config-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(
  join(folder, 'automatosx.config.json'),
  '{\n  "providres": {},\n  "router": { "strategy": "fast" }\n}\n',
);
const env = { DATABASE_PATH: join(folder, 'ax.db') };

describe('a broken config file', () => {
  const file = join(folder, 'automatosx.config.json');
  const unknown = `${file}:2:3: providres: unknown field (did you mean providers?)`;
  const invalid = `${file}:3:27: router.strategy: Invalid option`;

  it('ax config validate names an unknown top-level key with the nearest known one (exit 2)', async () => {
    const result = await runCli(['config', 'validate'], { cwd: folder, env });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain(unknown);
    expect(result.stdout + result.stderr).toContain(invalid);
  });

  it.each([[['providers', 'list']], [['providers', 'test']], [['run', 'writer', 'hello']]])(
    'ax %j shows the same file:line:col (exit 2)',
    async (args) => {
      const result = await runCli(args, { cwd: folder, env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(unknown);
      expect(result.stderr).toContain(invalid);
    },
  );
});
