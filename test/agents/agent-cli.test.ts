import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMain } from '../helpers/run-main.js';

/** Runs `ax …` in-process in a fresh project folder and captures what it prints. */
let project: string;
let cwd: string;

beforeEach(() => {
  cwd = process.cwd();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-cli-')));
  process.chdir(project);
});
afterEach(() => {
  process.chdir(cwd);
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function ax(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runMain([...args, ...(args.includes('run') ? ['--db', join(project, 'ax.db')] : [])]);
}

describe('ax agent', () => {
  it('lists the shipped agents from any folder', async () => {
    const { code, out } = await ax('agent', 'list', '--json');
    expect(code).toBe(0);
    const agents = JSON.parse(out) as Array<{ name: string; origin: string }>;
    expect(agents.length).toBeGreaterThanOrEqual(21);
    expect(agents.every((agent) => agent.origin === 'bundled')).toBe(true);
    const table = await ax('agent', 'list');
    expect(table.out).toMatch(/^NAME +TEAM +ALIASES +ROLE\n/);
    expect(table.out).toMatch(/architect +engineering +architecture, design-review/);
  });

  it('shows an agent by alias and fails with suggestions for a typo', async () => {
    const { out } = await ax('agent', 'show', 'architecture');
    expect(out).toMatch(/^Software Architect \(architect\)/);
    expect(out).toContain('System prompt:');
    const typo = await ax('agent', 'show', 'bakend');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('unknown agent "bakend"; did you mean backend');
  });

  it('routes a task and explains the choice', async () => {
    const { code, out } = await ax(
      'agent',
      'route',
      'Add a composite index for the slow orders query',
      '--explain',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^# +AGENT +SCORE +CONFIDENCE\n1\. +database /);
    expect(out).toMatch(/database \(specialised\), score [\d.]+:\n {2}\+[\d.]+ {2}"/);
    const json = JSON.parse((await ax('agent', 'route', 'Write the release notes', '--json')).out);
    expect(json.best).toBe('writer');
    const none = await ax('agent', 'route', 'zzz qqq');
    expect(none.code).toBe(1);
  });

  it('creates a profile that validates, and refuses to overwrite it', async () => {
    const created = await ax(
      'agent',
      'create',
      'lawyer',
      '--role',
      'Contract reviewer',
      '--team',
      'specialised',
    );
    expect(created.code).toBe(0);
    const file = join(project, '.automatosx', 'agents', 'lawyer.yaml');
    expect(readFileSync(file, 'utf8')).toContain('role: Contract reviewer');
    expect((await ax('agent', 'validate', file)).out).toBe(`✓ ${file}: agent 'lawyer' is valid\n`);
    expect((await ax('agent', 'create', 'lawyer')).code).toBe(2);
    const list = JSON.parse((await ax('agent', 'list', '--json')).out) as Array<{
      name: string;
      origin: string;
    }>;
    expect(list.find((agent) => agent.name === 'lawyer')?.origin).toBe('user');
    const copy = await ax('agent', 'create', 'backend-go', '--from', 'backend');
    expect(copy.code).toBe(0);
  });

  it('validate reports problems with file:line:column and exits 2', async () => {
    const file = join(project, 'bad.yaml');
    writeFileSync(
      file,
      'name: bad\ndisplayName: Bad\nrole: r\nteam: marketing\ndescription: d\nsystemPrompt: short\n',
    );
    const { code, err } = await ax('agent', 'validate', file);
    expect(code).toBe(2);
    expect(err).toContain(`${file}:4:7: team:`);
    expect(err).toContain(`${file}:6:15: systemPrompt: a system prompt says how the specialist works`);
    expect(err).toContain('specializations: is required');
  });

  it('validate catches a clash with the other agents', async () => {
    const file = join(project, 'clash.yaml');
    const created = await ax('agent', 'create', 'clash');
    expect(created.code).toBe(0);
    const text = readFileSync(join(project, '.automatosx', 'agents', 'clash.yaml'), 'utf8').replace(
      'aliases: []',
      'aliases: [db]',
    );
    writeFileSync(file, text);
    const { code, err } = await ax('agent', 'validate', file);
    expect(code).toBe(2);
    expect(err).toMatch(
      /clash\.yaml:\d+:\d+: aliases\[0\]: alias "db" is already the name or an alias of agent "database"/,
    );
  });
});

describe('ax run and ax runs', () => {
  it('streams a simulated answer, says it is simulated, and records the run', async () => {
    writeFileSync(join(project, 'README.md'), '# Demo\n');
    const run = await ax(
      'run',
      'writer',
      'Summarise the readme [[tool:file {"action":"read","path":"README.md"}]]',
      '--simulator',
      '--permissions',
      'read-only',
    );
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^\[simulated\] /);
    expect(run.out).toContain('# Demo');
    expect(run.err).toMatch(/note: .*simulat/);
    expect(run.err).toContain('→ file read README.md');
    expect(run.err).toMatch(/✓ file \(\d+ ms\)/);
    expect(run.err).toMatch(
      /— writer · simulator-\w+\/[\w.-]+ \(SIMULATED answer, not a real model\) · 2 steps/,
    );

    const list = await ax('runs', 'list', '--db', join(project, 'ax.db'), '--json');
    const runs = JSON.parse(list.out) as Array<{
      id: string;
      agent: string;
      status: string;
      simulated: boolean;
    }>;
    expect(runs).toEqual([
      expect.objectContaining({ agent: 'writer', status: 'succeeded', simulated: true }),
    ]);
    const show = await ax('runs', 'show', runs[0]!.id.slice(0, 6), '--db', join(project, 'ax.db'));
    expect(show.out).toContain('Tool calls:\n  file {"action":"read","path":"README.md"}');
    expect(show.out).toContain('(simulated)');
  });

  it('prints the result as JSON and refuses an unknown agent with exit 2', async () => {
    const json = await ax('run', 'qa', 'Review this', '--simulator', '--json', '--permissions', 'read-only');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ agent: 'quality', simulated: true, finishReason: 'stop' });
    const unknown = await ax('run', 'nobody', 'x', '--simulator');
    expect(unknown.code).toBe(2);
    expect(existsSync(join(project, '.automatosx', 'agents'))).toBe(false);
  });

  it('every command has help with an example', async () => {
    for (const args of [
      ['agent', 'list'],
      ['agent', 'show'],
      ['agent', 'route'],
      ['agent', 'validate'],
      ['agent', 'create'],
      ['run'],
      ['runs', 'list'],
      ['runs', 'show'],
    ]) {
      const { code, out } = await ax(...args, '--help');
      expect(code, args.join(' ')).toBe(0);
      expect(out, args.join(' ')).toMatch(/Examples?:\n {2}ax /);
    }
  });
});
