import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliPath } from './helpers/cli.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const run = promisify(execFile);

describe('README and package', () => {
  it('gives the two set-up commands and the test command', () => {
    const setup = /## Set up[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = setup
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm install', 'npx ax demo']);
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });

  it('runs the README main command, ax demo, through the installed bin with no keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-readme-'));
    const noKeys = {
      ...process.env,
      ANTHROPIC_API_KEY: '',
      GOOGLE_API_KEY: '',
      GEMINI_API_KEY: '',
      OPENAI_API_KEY: '',
    };
    const { stdout } = await run(cliPath, ['demo'], { cwd: dir, env: noKeys });
    expect(stdout).toMatch(/✓ review completed in [\d.]+ s/);
    expect(stdout).toContain('These answers were SIMULATED');
    expect(stdout).toMatch(/cost: \$0 billed — simulated answers/);
    const report = /report written to (.*\/\.automatosx\/reports\/ex-\S+\.md)$/m.exec(stdout)?.[1];
    expect(report !== undefined && existsSync(report)).toBe(true);
  });

  it('runs the getting-started workflow through the installed bin (shebang, executable) from any directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-readme-'));
    const { stdout } = await run(cliPath, ['workflow', 'run', 'getting-started'], { cwd: dir });
    expect(stdout).toMatch(/getting-started ex-\S+: completed/);
    expect(existsSync(join(dir, '.automatosx', 'automatosx.db'))).toBe(true);
    expect(readFileSync(join(dir, '.automatosx', 'getting-started-report.md'), 'utf8')).toContain(
      '# Project survey',
    );
  });

  it('publishes the bin, the bundled workflows, agents and schemas, and declares what runs', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
    expect(files).toContain('dist/cli/ax.js');
    expect(files).toContain('workflows/getting-started.yaml');
    expect(files).toContain('demo/code-review-demo.yaml');
    expect(files).toContain('demo/sample-project/src/orders.js');
    expect(files).toContain('schema/workflow.schema.json');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.bin.ax).toBe('dist/cli/ax.js');
    expect(pkg.engines.node).toBe('>=22.12');
    for (const runtime of ['zod', 'yaml', 'commander', 'jsep', 'ai'])
      expect(pkg.dependencies[runtime]).toBeDefined();
  });
});
