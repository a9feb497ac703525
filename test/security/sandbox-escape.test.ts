import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox, runInSandbox, SandboxMode, type SandboxNetwork } from '../../src/sandbox/index.js';

/**
 * Attempts to get out of the sandbox the `bash` tool runs in, against the real bubblewrap: reads and
 * writes outside the workspace through quotes, escapes, options, symlinks, scripts and /proc, the
 * user's credential stores, other processes, and the network (127.0.0.1 and a private address, with
 * and without the proxy). Every attempt must fail: 0 escapes.
 */
const marker = `AXSECRET${randomBytes(8).toString('hex')}`;
let parent: string;
let workspace: string;
let home: string;
let savedHome: string | undefined;
let server: Server;
let serverPort: number;
let requestsSeen = 0;

beforeAll(async () => {
  parent = realpathSync(mkdtempSync(join(tmpdir(), 'ax-escape-')));
  workspace = join(parent, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(parent, 'secret.txt'), `${marker}\n`);
  writeFileSync(join(parent, '.env'), `TOKEN=${marker}\n`);
  mkdirSync(join(parent, 'outdir'));
  writeFileSync(join(workspace, 'a.txt'), 'a\n');
  symlinkSync(join(parent, 'secret.txt'), join(workspace, 'link-to-secret'));
  symlinkSync(join(parent, 'outdir'), join(workspace, 'link-to-outdir'));
  execFileSync('git', ['init', '-q'], { cwd: workspace });
  // A home with credential stores, so reading them is attempted for real (HOME is what os.homedir() reads).
  home = join(parent, 'home');
  for (const [path, text] of [
    ['.ssh/id_rsa', marker],
    ['.aws/credentials', marker],
    ['.netrc', marker],
    ['.docker/config.json', marker],
    ['.config/gcloud/credentials.db', marker],
    ['notes.txt', marker],
  ] as const) {
    mkdirSync(join(home, path, '..'), { recursive: true });
    writeFileSync(join(home, path), text);
  }
  savedHome = process.env.HOME;
  process.env.HOME = home;
  server = createServer((_request, response) => {
    requestsSeen++;
    response.end(`served ${marker}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  process.env.HOME = savedHome;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function sandboxed(command: string, mode: SandboxMode = SandboxMode.write, network?: SandboxNetwork) {
  return runInSandbox(command, { mode, workspace, timeoutMs: 20_000, ...(network ? { network } : {}) });
}

/** What outside the workspace looks like on the host, to compare before and after each attempt. */
function outsideState(): string {
  const list = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() && entry.name !== 'workspace'
        ? [`${entry.name}/`, ...list(join(folder, entry.name)).map((name) => `${entry.name}/${name}`)]
        : [entry.name],
    );
  return list(parent).sort().join('\n');
}

const readAttempts: Record<string, string> = {
  'absolute path': 'cat "$P/secret.txt"',
  'empty quotes before the path': 'cat ""$P/secret.txt',
  'backslash-escaped slash': 'cat \\/${P#/}/secret.txt',
  'relative ..': 'cat ../secret.txt',
  'dot-escaped ..': 'cat .\\./secret.txt',
  'option with an attached path': 'diff --from-file="$P/secret.txt" a.txt',
  'symlink planted before the run': 'cat link-to-secret',
  'symlink made by the command': 'ln -sf "$P/secret.txt" mine && cat mine',
  'hard link': 'ln "$P/secret.txt" hard && cat hard',
  '/proc/1/root': 'cat "/proc/1/root$P/secret.txt"',
  '/proc/self/root': 'cat "/proc/self/root$P/secret.txt"',
  'other processes environment': 'cat /proc/*/environ 2>/dev/null | tr "\\0" "\\n"',
  'find and cat': 'find / -maxdepth 4 -name secret.txt 2>/dev/null | xargs cat 2>/dev/null',
  'grep through likely places': 'grep -rs AXSECRET /tmp /home /root /run /var/tmp 2>/dev/null | head',
  'ancestor .env': 'cat "$P/.env"',
  '~/.ssh': 'cat ~/.ssh/id_rsa',
  '~/.aws': 'cat ~/.aws/credentials',
  '~/.netrc': 'cat ~/.netrc',
  '~/.docker': 'cat ~/.docker/config.json',
  '~/.config/gcloud': 'cat ~/.config/gcloud/credentials.db',
  'anything else in home': 'cat ~/notes.txt; ls -A ~',
  'a script file': 'printf "cat $P/secret.txt\\n" > s.sh && sh s.sh',
  node: `"${process.execPath}" -e "process.stdout.write(require('fs').readFileSync(process.env.P + '/secret.txt', 'utf8'))"`,
  'a new user namespace': 'unshare -Ur sh -c "cat $P/secret.txt"',
  'mount the parent': 'mkdir -p m && mount --bind "$P" m && cat m/secret.txt',
  'password hashes': 'cat /etc/shadow',
};

const writeAttempts: Record<string, string> = {
  'absolute path': 'touch "$P/out1"',
  'relative ..': 'echo x > ../out2',
  'cp to outside': 'cp a.txt "$P/out3"',
  'mkdir outside': 'mkdir ../made',
  'sort -o': 'sort -o"$P/out4" a.txt',
  'symlink made by the command': 'ln -sf "$P/out5" w && echo x > w',
  'symlink to a folder planted before the run': 'echo x > link-to-outdir/f',
  node: `"${process.execPath}" -e "require('fs').writeFileSync(process.env.P + '/out6', 'x')"`,
  '/proc/1/root': 'echo x > "/proc/1/root$P/out7"',
  'a child left running': '(sleep 1; touch "$P/late") > /dev/null 2>&1 &',
  'setsid child left running': 'setsid sh -c "sleep 1; touch $P/late2" > /dev/null 2>&1 &',
  'private /tmp': 'echo x > "$P/../ax-escape-tmp-file"',
  home: 'echo x > ~/planted',
};

describe('sandbox escape attempts (real bubblewrap): 0 escapes', () => {
  // Never skipped: without a working sandbox this suite fails with the reason (CI installs bubblewrap).
  it('has a sandbox to attack', () => {
    expect(detectSandbox()).toMatchObject({ available: true });
  });

  for (const [name, command] of Object.entries(readAttempts)) {
    it(`read: ${name}`, async () => {
      const result = await sandboxed(`P='${parent}'; export P; ${command}`);
      expect(`${result.stdout}${result.stderr}`).not.toContain(marker);
    });
  }

  for (const [name, command] of Object.entries(writeAttempts)) {
    it(`write: ${name}`, async () => {
      const before = outsideState();
      const homeBefore = readdirSync(home).sort();
      await sandboxed(`P='${parent}'; export P; ${command}`);
      await new Promise((resolve) => setTimeout(resolve, name.includes('left running') ? 1_500 : 0));
      expect(outsideState()).toBe(before);
      expect(readdirSync(home).sort()).toEqual(homeBefore);
      expect(existsSync(join(tmpdir(), 'ax-escape-tmp-file'))).toBe(false);
    });
  }

  it('read-only mode: nothing in the workspace changes', async () => {
    const before = readdirSync(workspace).sort();
    const result = await sandboxed(
      'echo x > new.txt; rm a.txt; mv a.txt b.txt; git branch x',
      SandboxMode.readOnly,
    );
    expect(result.stderr).toMatch(/Read-only file system/);
    expect(readdirSync(workspace).sort()).toEqual(before);
    expect(readFileSync(join(workspace, 'a.txt'), 'utf8')).toBe('a\n');
  });

  it('write mode: .git/hooks and .git/config stay read-only', async () => {
    const config = readFileSync(join(workspace, '.git/config'), 'utf8');
    await sandboxed('echo "touch /tmp/x" > .git/hooks/pre-commit; git config core.fsmonitor "touch /tmp/x"');
    expect(existsSync(join(workspace, '.git/hooks/pre-commit'))).toBe(false);
    expect(readFileSync(join(workspace, '.git/config'), 'utf8')).toBe(config);
  });

  it('network without permission: neither 127.0.0.1 nor a private address is reachable', async () => {
    const seen = requestsSeen;
    const local = await sandboxed(`curl -s -m 3 http://127.0.0.1:${serverPort}/`);
    const lan = await sandboxed('curl -s -m 3 http://10.0.0.1/');
    expect(local.stdout + lan.stdout).not.toContain(marker);
    expect(local.exitCode).not.toBe(0);
    expect(lan.exitCode).not.toBe(0);
    expect(requestsSeen).toBe(seen);
  });

  it('network through the proxy: loopback and private addresses are refused, directly or by name', async () => {
    const seen = requestsSeen;
    const network = { allowPrivateAddresses: false };
    for (const url of [
      `http://127.0.0.1:${serverPort}/`,
      `http://localhost:${serverPort}/`,
      `http://[::ffff:127.0.0.1]:${serverPort}/`,
      'http://10.0.0.1/',
      'https://169.254.169.254/',
    ]) {
      const result = await sandboxed(`curl -s -m 5 ${url}`, SandboxMode.write, network);
      expect(result.stdout, url).not.toContain(marker);
    }
    const direct = await sandboxed(
      `"${process.execPath}" -e "require('net').connect(${serverPort}, '127.0.0.1').on('connect', () => console.log('connected')).on('error', (e) => console.log(e.code))"`,
      SandboxMode.write,
      network,
    );
    expect(direct.stdout).not.toContain('connected');
    expect(requestsSeen).toBe(seen);
  });

  it('control: unconfined (--no-sandbox), the same attempts do get out', async () => {
    const result = await runInSandbox(
      `P='${parent}'; export P; ${readAttempts['absolute path']}; touch "$P/control"`,
      {
        mode: SandboxMode.readOnly,
        workspace,
        unconfined: true,
      },
    );
    expect(result.stdout).toContain(marker);
    expect(existsSync(join(parent, 'control'))).toBe(true);
  });

  it('control: with private addresses allowed, the same request goes through the proxy', async () => {
    const result = await sandboxed(`curl -s -m 5 http://127.0.0.1:${serverPort}/`, SandboxMode.write, {
      allowPrivateAddresses: true,
    });
    expect(result.stdout).toBe(`served ${marker}`);
  });
});
