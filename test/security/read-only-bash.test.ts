import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** A fresh project folder whose `npm test` writes `marker` (outside it) when it can. */
function hostileProject(marker: string): string {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-ro-')));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ scripts: { test: `touch ${marker}` } }));
  return project;
}

const task = (command: string) => `x [[tool:bash ${JSON.stringify({ command })}]]`;

describe('ax run with bash (issue 11, finding 1)', () => {
  it('read-only: `npm test` whose script writes /tmp/… writes nothing outside', async () => {
    const marker = join(tmpdir(), `PWN-${process.pid}-${Date.now()}`);
    const project = hostileProject(marker);
    const result = await runCli(
      [
        'run',
        'security',
        task('npm test'),
        '--permissions',
        'read-only',
        '--simulator',
        '--db',
        'ax.db',
        '--json',
      ],
      { cwd: project },
    );
    expect(result.code).toBe(0);
    const [call] = JSON.parse(result.stdout).toolCalls as Array<{ output: { stdout: string } }>;
    expect(call?.output.stdout).toContain(`> touch ${marker}`);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses bash in one sentence naming bubblewrap and --no-sandbox when no sandbox works', async () => {
    const marker = join(tmpdir(), `PWN-${process.pid}-${Date.now()}-nosb`);
    const project = hostileProject(marker);
    const args = [
      'run',
      'security',
      task('npm test'),
      '--permissions',
      'auto',
      '--simulator',
      '--db',
      'ax.db',
    ];
    const env = { AX_BWRAP_PATH: '/nonexistent/bwrap' };
    const refused = await runCli([...args, '--json'], { cwd: project, env });
    expect(refused.code).toBe(0);
    const toolCalls = JSON.parse(refused.stdout).toolCalls as Array<{ error?: string }>;
    expect(toolCalls[0]?.error).toMatch(
      /no OS sandbox is available here \(.*\); install bubblewrap .* or pass --no-sandbox/,
    );
    expect(existsSync(marker)).toBe(false);
    const unconfined = await runCli([...args, '--no-sandbox'], { cwd: project, env });
    expect(unconfined.stderr).toMatch(/WARNING: the OS sandbox is OFF \(--no-sandbox\)/);
    expect(existsSync(marker)).toBe(true);
  });
});

describe('ax workflow run --no-sandbox', () => {
  it("records the warning in the run's event log and prints it", async () => {
    const project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-nosb-')));
    writeFileSync(
      join(project, 'wf.yaml'),
      [
        'name: unconfined',
        'steps:',
        '  - key: look',
        '    agent: security',
        `    prompt: 'look ${task('true').replace(/'/g, "''")}'`,
        '',
      ].join('\n'),
    );
    const run = await runCli(['workflow', 'run', 'wf.yaml', '--no-sandbox', '--json', '--db', 'ax.db'], {
      cwd: project,
    });
    expect(run.code, run.stderr).toBe(0);
    const { executionId } = JSON.parse(run.stdout) as { executionId: string };
    const status = await runCli(['workflow', 'status', executionId, '--json', '--db', 'ax.db'], {
      cwd: project,
    });
    const events = (JSON.parse(status.stdout) as { events: Array<{ type: string; data?: unknown }> }).events;
    expect(events.find((event) => event.type === 'sandbox_disabled')).toMatchObject({
      data: { warning: expect.stringMatching(/the OS sandbox is OFF \(--no-sandbox\)/) },
    });
  });
});
