import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandResult, runInSandbox, SandboxMode } from '../../sandbox/index.js';
import { scrubEnvironment } from '../../secrets/index.js';
import { createBashTool } from './bash-tool.js';
import { temporaryWorkspace, toolContext } from './sandbox.test-support.js';

const options = { toolCallId: 't1', messages: [], context: {} };

/** The tool's execute, typed as what this tool returns (the AI SDK type also allows streams). */
function run(bash: ReturnType<typeof createBashTool>, command: string): Promise<CommandResult> {
  return bash.execute!({ command }, options) as Promise<CommandResult>;
}

/** Live (not zombie) processes whose command line contains `marker`: pids inside the sandbox are its own. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(marker) && state !== 'Z') found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
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
    const { workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto', { limits: { commandTimeoutMs: 300 } }));
    const result = await run(bash, 'sleep 1000.25 & sleep 1000.5');
    expect(result.timedOut).toBe(true);
    expect(await waitUntil(() => processesWith('sleep 1000.25').length === 0)).toBe(true);
  });

  it('kills children a finished command left running in the background', async () => {
    const { workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto'));
    const result = await run(bash, 'sleep 1000.75 > /dev/null 2>&1 & echo started');
    expect(result.exitCode).toBe(0);
    expect(await waitUntil(() => processesWith('sleep 1000.75').length === 0)).toBe(true);
  });

  it('stops the process group when the run is aborted', async () => {
    const { workspace } = temporaryWorkspace();
    const controller = new AbortController();
    const running = runInSandbox('sleep 1000', {
      mode: SandboxMode.readOnly,
      workspace: workspace.root,
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
  // Finding 1 of issue 11: the textual read-only allow-list let these through. In the sandbox any
  // command may run; none can write outside or change the workspace.
  it('read-only mode runs any command and nothing it runs can change the workspace or anything outside', async () => {
    const { root, parent, workspace } = temporaryWorkspace();
    writeFileSync(join(root, 'a.txt'), 'hello\n');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ scripts: { test: `touch ${parent}/PWN` } }));
    const bash = createBashTool(toolContext(workspace, 'read-only'));
    await expect(run(bash, 'cat a.txt | wc -l')).resolves.toMatchObject({ stdout: '1\n', exitCode: 0 });
    const hostTemp = join(tmpdir(), `ax-pwn-${process.pid}-${Date.now()}`);
    for (const command of [
      `touch ${parent}/PWN`,
      `touch ${hostTemp}`,
      'rm -rf a.txt',
      'echo x > b.txt',
      'cat a.txt; touch b.txt',
      'ls $(touch b.txt)',
      'find . -delete',
      'find . -fprint0 f',
      'sort -o/tmp/x a.txt; sort -o b.txt a.txt',
      'uniq a.txt b.txt',
      'tree -o x || true',
      'diff --from-file=/etc/hostname x',
      'touch ../outside.txt',
      `touch ${parent}/outside.txt`,
    ]) {
      await run(bash, command);
    }
    const refused = await run(bash, 'echo x > b.txt');
    expect(refused.stderr).toMatch(/Read-only file system/);
    expect(existsSync(hostTemp)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['a.txt', 'package.json']);
    expect(readdirSync(parent)).toEqual(['workspace']);
  });

  it('read-only mode: npm test whose script writes outside the workspace writes nothing', async () => {
    const { root, parent, workspace } = temporaryWorkspace();
    const pwn = join(tmpdir(), `PWN-${process.pid}-${Date.now()}`);
    const script = `touch ${pwn} ${parent}/PWN; touch inside.txt`;
    writeFileSync(join(root, 'package.json'), JSON.stringify({ scripts: { test: script } }));
    const bash = createBashTool(toolContext(workspace, 'read-only'));
    const result = await run(bash, 'npm test');
    expect(result.stderr).toMatch(/Read-only file system/);
    expect(existsSync(pwn)).toBe(false);
    expect(existsSync(join(parent, 'PWN'))).toBe(false);
    expect(existsSync(join(root, 'inside.txt'))).toBe(false);
  });

  it('git branch -D and git log --output change nothing in read-only mode', async () => {
    const { root, workspace } = temporaryWorkspace();
    execFileSync(
      'sh',
      [
        '-c',
        'git init -q -b main && git -c user.name=a -c user.email=a@b commit -q --allow-empty -m x && git branch other',
      ],
      { cwd: root },
    );
    const bash = createBashTool(toolContext(workspace, 'read-only'));
    expect((await run(bash, 'git branch -D other')).exitCode).not.toBe(0);
    expect((await run(bash, 'git log -1 --output=log.txt')).exitCode).not.toBe(0);
    expect(execFileSync('git', ['branch', '--list'], { cwd: root, encoding: 'utf8' })).toContain('other');
    expect(existsSync(join(root, 'log.txt'))).toBe(false);
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

  it('auto mode reads nothing outside the workspace that holds secrets', async () => {
    const { workspace } = temporaryWorkspace();
    const bash = createBashTool(toolContext(workspace, 'auto'));
    const shadow = await run(bash, 'cat /etc/shadow');
    expect(shadow.stdout).toBe('');
    const home = await run(bash, 'ls -A ~ /root 2>&1');
    expect(home.stdout).not.toMatch(/\.ssh|\.bashrc|\.npmrc|\.aws|\.netrc/);
  });

  it('refuses with one sentence naming bubblewrap and --no-sandbox when no sandbox works', async () => {
    const { workspace } = temporaryWorkspace();
    const refusal = runInSandbox('true', {
      mode: SandboxMode.write,
      workspace: workspace.root,
      support: { available: false, reason: 'bwrap (bubblewrap) is not installed' },
    });
    await expect(refusal).rejects.toThrow(/no OS sandbox is available.*install bubblewrap.*--no-sandbox/);
  });
});
