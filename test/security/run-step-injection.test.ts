import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Finding 2 of issue 11: `${{ }}` in `run:` steps was pasted into shell text. */
describe('run: steps are injection-free', () => {
  it('the shipped getting-started survives a file named $(touch${IFS}PWNED).js', async () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'ax-inject-')));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo });
    git('init', '-q');
    writeFileSync(
      join(repo, '$(touch${IFS}PWNED).js'),
      `${Array.from({ length: 5000 }, (_, i) => i + 1).join('\n')}\n`,
    );
    git('add', '-A');
    git('-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '-m', 'x');
    const result = await runCli(['workflow', 'run', 'getting-started', '--db', 'ax.db'], { cwd: repo });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(repo, 'PWNED'))).toBe(false);
    const report = readFileSync(join(repo, '.automatosx/getting-started-report.md'), 'utf8');
    expect(report).toContain('$(touch${IFS}PWNED).js (5000 lines)');
  });

  it('an input cannot break out of the quotes it is pasted into', async () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'ax-inject-')));
    const marker = join(repo, 'INJ');
    const report = `${repo}/r.md'; touch ${marker}; echo '`;
    const result = await runCli(
      ['workflow', 'run', 'getting-started', '-i', `report=${report}`, '--db', 'ax.db'],
      { cwd: repo },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(report)).toBe(true);
  });

  it('ax workflow validate warns about forms that can still run a value as code', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'ax-inject-')));
    writeFileSync(
      join(folder, 'unsafe.yaml'),
      [
        'name: unsafe',
        'inputs:',
        '  x: { type: string, default: a }',
        'steps:',
        '  - key: py',
        '    run:',
        '      shell: python3',
        "      command: print('${{ inputs.x }}')",
        '  - key: evil',
        '    run: eval "echo ${{ inputs.x }}"',
        '  - key: fine',
        '    run: echo "${{ inputs.x }}"',
        '',
      ].join('\n'),
    );
    const result = await runCli(['workflow', 'validate', 'unsafe.yaml'], { cwd: folder });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning: .*unsafe\.yaml:8:\d+: step 'py': shell 'python3' is not a POSIX shell/,
    );
    expect(result.stderr).toMatch(/warning: .*unsafe\.yaml:10:\d+: step 'evil': .*eval or sh -c/);
    expect(result.stderr).not.toMatch(/step 'fine'/);
  });
});
