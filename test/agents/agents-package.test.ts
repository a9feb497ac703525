import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the published package', () => {
  it('ships every agent profile and the profile JSON Schema', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((file) => file.path);
    const profiles = readdirSync(new URL('../../agents/', import.meta.url)).filter((name) =>
      name.endsWith('.yaml'),
    );
    expect(profiles.length).toBeGreaterThanOrEqual(21);
    expect(files).toEqual(
      expect.arrayContaining([...profiles.map((name) => `agents/${name}`), 'schema/agent.schema.json']),
    );
  });
});
