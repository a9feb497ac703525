import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'ax-run-routing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
const project = join(root, 'project');
mkdirSync(home);
mkdirSync(project);
const env = {
  HOME: home,
  ANTHROPIC_API_KEY: '',
  GOOGLE_API_KEY: '',
  GEMINI_API_KEY: '',
  OPENAI_API_KEY: '',
  DATABASE_PATH: join(root, 'ax.db'),
};

describe('ax run and agent folders', () => {
  it('ax run "<task>" without an agent routes the task and says which agent and why', async () => {
    const result = await runCli(
      [
        'run',
        'Audit the login flow for SQL injection',
        '--no-code-intelligence',
        '--no-memory',
        '--permissions',
        'read-only',
      ],
      { cwd: project, env },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^routed to security \(confidence \d\.\d\d\): matched "sql injection"/m);
    expect(result.stderr).toMatch(/— security · simulator-claude/);
  });

  it('loads agents from ~/.automatosx/agents/, and a broken profile is skipped with its location', async () => {
    const create = await runCli(['agent', 'create', 'lawyer', '--role', 'Contract reviewer'], {
      cwd: home,
      env,
    });
    expect(create.code).toBe(0);
    // `ax agent create` wrote it under the home folder's .automatosx/agents/: the user's own agents.
    const listed = await runCli(['agent', 'list', '--json'], { cwd: project, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('"lawyer"');

    mkdirSync(join(project, '.automatosx', 'agents'), { recursive: true });
    const broken = join(project, '.automatosx', 'agents', 'broken.yaml');
    writeFileSync(broken, 'name: broken\nrole: [unclosed\n');
    const withBroken = await runCli(['agent', 'list', '--json'], { cwd: project, env });
    expect(withBroken.code).toBe(0);
    expect(withBroken.stdout).toContain('"lawyer"');
    expect(withBroken.stderr).toMatch(/warning: agent profile skipped .*broken\.yaml:\d+:\d+/);
    const run = await runCli(
      ['run', 'writer', 'Draft one line of release notes', '--no-code-intelligence', '--no-memory'],
      {
        cwd: project,
        env,
      },
    );
    expect(run.code).toBe(0);
    const validate = await runCli(['agent', 'validate', broken], { cwd: project, env });
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    renameSync(broken, `${broken}.off`);
  });
});
