import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('ax doctor', () => {
  it('reports that the sandbox works here', async () => {
    const result = await runCli(['doctor', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string }> };
    expect(report.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'sandbox', status: 'ok' }),
        expect.objectContaining({ name: 'sandbox network', status: 'ok' }),
      ]),
    );
  });

  it('says why the sandbox does not work, and exits 1', async () => {
    const missing = await runCli(['doctor'], { env: { AX_BWRAP_PATH: '/nonexistent/bwrap' } });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /✗ sandbox +agents' shell commands are refused: \/nonexistent\/bwrap does not exist/,
    );
    expect(missing.stdout).toMatch(/fix: install bubblewrap/);
    // A bwrap the kernel (or a container) does not let create namespaces.
    const fake = join(mkdtempSync(join(tmpdir(), 'ax-doctor-')), 'bwrap');
    writeFileSync(fake, '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const refused = await runCli(['doctor'], { env: { AX_BWRAP_PATH: fake } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      'bwrap cannot create a sandbox here: bwrap: No permissions to create new namespace',
    );
  });
});
