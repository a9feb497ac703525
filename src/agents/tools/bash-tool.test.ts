import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBashTool } from './bash-tool.js';
import { readOnlyViolation } from './read-only-commands.js';
import { type CommandResult, runCommand } from './run-command.js';
import { temporaryWorkspace, toolContext } from './sandbox.test-support.js';
import { scrubEnvironment } from './scrub-environment.js';

const options = { toolCallId: 't1', messages: [], context: {} };

/** The tool's execute, typed as what this tool returns (the AI SDK type also allows streams). */
function run(bash: ReturnType<typeof createBashTool>, command: string): Promise<CommandResult> {
  return bash.execute!({ command }, options) as Promise<CommandResult>;
}

/** A killed process whose new parent (pid 1 in a container) has not reaped it yet is a zombie: dead. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('bash tool', () => {
  it('runs in the workspace and returns exit code and output', async () => {
    const { root, workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto'));
    const result = await run(bash, 'pwd; echo oops >&2; exit 3');
    expect(result).toMatchObject({ exitCode: 3, stdout: `${root}\n`, stderr: 'oops\n', timedOut: false });
  });

  it('bounds a huge output to the cap without buffering it all', async () => {
    const { workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto', { limits: { maxCommandOutputBytes: 1_000 } }));
    const result = await run(bash, 'head -c 20000000 /dev/zero | tr "\\0" x');
    expect(result.truncated).toBe(true);
    expect(result.stdout).toMatch(/^x{1000}\n\[output truncated: 19999000 more bytes not shown\]$/);
  });

  it('kills a command that never ends, with everything it started', async () => {
    const { root, workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto', { limits: { commandTimeoutMs: 300 } }));
    const result = await run(bash, 'sleep 1000 & echo $! > child.pid; sleep 1000');
    expect(result.timedOut).toBe(true);
    const child = Number(readFileSync(join(root, 'child.pid'), 'utf8'));
    expect(await waitUntil(() => !isAlive(child))).toBe(true);
  });

  it('kills children a finished command left running in the background', async () => {
    const { root, workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto'));
    const result = await run(bash, 'sleep 1000 > /dev/null 2>&1 & echo $! > child.pid');
    expect(result.exitCode).toBe(0);
    const child = Number(readFileSync(join(root, 'child.pid'), 'utf8'));
    expect(await waitUntil(() => !isAlive(child))).toBe(true);
  });

  it('stops the process group when the run is aborted', async () => {
    const { workspace } = temporaryWorkspace();
    const controller = new AbortController();
    const running = runCommand('sleep 1000', {
      cwd: workspace.root,
      timeoutMs: 60_000,
      maxOutputBytes: 100,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(running).resolves.toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
  });

  it('hides keys and tokens from the environment', async () => {
    const env = scrubEnvironment({
      PATH: '/usr/bin',
      ANTHROPIC_API_KEY: 'sk-ant',
      GITHUB_TOKEN: 'ghp',
      DB_PASSWORD: 'pw',
      DATABASE_URL: 'postgres://u:p@h/db',
      MIRROR: 'https://user:secret@example.com/x',
      LANG: 'C',
    });
    expect(env).toEqual({ PATH: '/usr/bin', LANG: 'C' });
    const { workspace } = temporaryWorkspace();
    process.env.AX_TEST_SECRET_TOKEN = 'leak-me';
    try {
      const bash = createBashTool(toolContext(workspace, 'auto'));
      const result = await run(bash, 'env');
      expect(result.stdout).not.toContain('leak-me');
      expect(result.stdout).toContain('PATH=');
    } finally {
      delete process.env.AX_TEST_SECRET_TOKEN;
    }
  });
});

describe('bash permissions', () => {
  it('read-only mode runs allowlisted reads and refuses anything that could write', async () => {
    const { root, parent, workspace } = temporaryWorkspace();
    writeFileSync(join(root, 'a.txt'), 'hello\n');
    const bash = createBashTool(toolContext(workspace, 'read-only'));
    await expect(run(bash, 'cat a.txt | wc -l')).resolves.toMatchObject({
      stdout: expect.stringContaining('1'),
    });
    for (const command of [
      'rm -rf .',
      'echo x > b.txt',
      'cat a.txt; touch b.txt',
      'ls $(touch b.txt)',
      'find . -delete',
      'git commit -m x',
      'touch ../outside.txt',
      'cat /etc/passwd',
      'cat ../../etc/passwd',
      'ls $HOME',
      'ls ~',
      'grep -r root /etc',
    ]) {
      await expect(run(bash, command), command).rejects.toThrow(/not allowed in read-only mode/);
    }
    expect(readdirSync(root)).toEqual(['a.txt']);
    expect(readdirSync(parent)).toEqual(['workspace']);
  });

  it('ask mode asks for every command and refuses without a person to ask', async () => {
    const { root, workspace } = temporaryWorkspace();
    const asked: string[] = [];
    const approving = createBashTool(
      toolContext(workspace, 'ask', {
        approver: async (request) => {
          asked.push(request.summary);
          return true;
        },
      }),
    );
    await run(approving, 'touch made.txt');
    expect(asked).toEqual(['touch made.txt']);
    expect(existsSync(join(root, 'made.txt'))).toBe(true);
    const unattended = createBashTool(toolContext(workspace, 'ask'));
    await expect(run(unattended, 'touch other.txt')).rejects.toThrow(/needs approval.*--permissions auto/);
    expect(existsSync(join(root, 'other.txt'))).toBe(false);
  });

  it('explains why a command is not read-only', () => {
    expect(readOnlyViolation('ls -la | grep x')).toBeUndefined();
    expect(readOnlyViolation('git log --oneline')).toBeUndefined();
    expect(readOnlyViolation('python -c 1')).toMatch(/"python" is not one of the read-only commands/);
    expect(readOnlyViolation('a && b')).toMatch(/chaining/);
  });
});
