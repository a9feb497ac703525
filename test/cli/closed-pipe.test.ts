import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'ax-pipe-'));
const env = {
  ...process.env,
  DATABASE_PATH: join(folder, 'ax.db'),
  ANTHROPIC_API_KEY: '',
  GOOGLE_API_KEY: '',
  GEMINI_API_KEY: '',
  OPENAI_API_KEY: '',
};
const sampleProject = fileURLToPath(new URL('../../demo/sample-project/', import.meta.url));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** `ax … | head -1` where head has already gone: the reading end is closed before ax writes. */
function intoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: sampleProject, env });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output into a closed pipe', () => {
  const run = spawnSync(process.execPath, [cliPath, 'workflow', 'run', 'getting-started', '--json'], {
    cwd: folder,
    env,
    encoding: 'utf8',
  });
  const executionId = run.status === 0 ? (JSON.parse(run.stdout) as { executionId: string }).executionId : '';

  it.each([
    [['code', 'languages']],
    [['agent', 'list']],
    [['memory', 'list']],
    [['workflow', 'list']],
    [['workflow', 'status', '<id>']],
  ])('ax %j ends quietly', async (args) => {
    expect(executionId).not.toBe('');
    const result = await intoClosedPipe(args.map((arg) => (arg === '<id>' ? executionId : arg)));
    expect(result.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(result.code).toBe(0);
  });
});
