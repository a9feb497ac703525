import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startReceiver } from './receiver.js';

/**
 * A project folder and a home folder, and an environment that says nothing the test did not choose.
 * DATABASE_PATH is left alone rather than emptied: the store reads an empty value as "the working
 * directory", while configuration treats empty as unset.
 */
function workspace(project?: unknown, user?: unknown) {
  const root = mkdtempSync(join(tmpdir(), 'ax-prod-'));
  const dir = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(join(home, '.automatosx'), { recursive: true });
  if (project !== undefined)
    writeFileSync(join(dir, 'automatosx.config.json'), JSON.stringify(project, null, 2));
  if (user !== undefined) writeFileSync(join(home, '.automatosx', 'config.json'), JSON.stringify(user));
  const baseEnv: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_CONFIG_HOME: '',
    NODE_ENV: '',
    LOG_LEVEL: '',
    LOG_FILE: '',
    ENABLE_TELEMETRY: '',
    CHECKPOINT_INTERVAL: '',
  };
  const ax = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { cwd: dir, env: { ...baseEnv, ...env } });
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  return { dir, home, ax, write };
}

describe('configuration and production readiness (built CLI)', () => {
  it('ax config show: every value with its source, the profile applied, keys never printed', async () => {
    const key = 'sk-ant-api03-THISMUSTNEVERBEPRINTED0123456789';
    const w = workspace(
      {
        logging: { level: 'info' },
        features: { fastPath: true },
        alerts: { webhook: { url: 'https://hooks.example.com/services/T0SECRETPATH/B0' } },
        profiles: { production: { workflows: { maxConcurrent: 4 } } },
      },
      { logging: { level: 'error', file: 'user.log' }, telemetry: { enabled: true } },
    );
    const show = await w.ax(['config', 'show', '--db', 'flag.db', '--json'], {
      NODE_ENV: 'production',
      CHECKPOINT_INTERVAL: '10',
      ANTHROPIC_API_KEY: key,
    });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout + show.stderr).not.toContain(key);
    expect(show.stdout).not.toContain('SECRETPATH');
    const config = JSON.parse(show.stdout);
    const project = join(w.dir, 'automatosx.config.json');
    expect(config.profile).toEqual({ value: 'production', source: 'env', origin: 'NODE_ENV' });
    expect(config.settings['database.path']).toMatchObject({
      value: 'flag.db',
      source: 'flag',
      origin: '--db',
    });
    expect(config.settings['workflows.checkpointInterval']).toMatchObject({ value: 10, source: 'env' });
    expect(config.settings['logging.level']).toMatchObject({
      value: 'info',
      source: 'project',
      origin: project,
    });
    expect(config.settings['workflows.maxConcurrent']).toMatchObject({
      value: 4,
      source: 'project',
      origin: `${project} (profile production)`,
    });
    expect(config.settings['logging.file']).toMatchObject({ value: 'user.log', source: 'user' });
    expect(config.settings['telemetry.enabled']).toMatchObject({ value: true, source: 'user' });
    expect(config.settings['telemetry.file']).toMatchObject({ source: 'default' });
    expect(config.features.fastPath).toMatchObject({ value: true, source: 'project' });
    expect(config.alerts.webhook).toMatchObject({
      value: { url: 'https://hooks.example.com/…', events: ['workflow_failed'] },
      source: 'project',
    });
    expect(config.keys[0]).toEqual({
      name: 'anthropic',
      set: true,
      description: 'set (from ANTHROPIC_API_KEY)',
    });

    const text = await w.ax(['config', 'show'], { ANTHROPIC_API_KEY: key });
    expect(text.stdout).not.toContain(key);
    expect(text.stdout).toMatch(/logging\.level\s+info\s+project /);
    expect(text.stdout).toMatch(/anthropic\s+set \(from ANTHROPIC_API_KEY\)/);
    expect(text.stdout).toMatch(/openai\s+not set \(OPENAI_API_KEY\)/);
  });

  it('ax config validate: file:line:column errors and exit 2; a broken env value is named', async () => {
    const w = workspace();
    const bad = w.write('bad.json', '{\n  "logging": {\n    "levle": "info"\n  }\n}\n');
    const result = await w.ax(['config', 'validate', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:3:5: logging.levle: unknown field (did you mean level?)`);
    expect((await w.ax(['config', 'validate'])).stdout).toMatch(/no config file .*defaults apply/);
    const env = await w.ax(['config', 'show'], { LOG_LEVEL: 'loud' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('LOG_LEVEL=loud: expected one of');
  });

  it('LOG_LEVEL=debug logs step transitions as JSON on stderr, never mixed into --json stdout', async () => {
    const w = workspace();
    const file = w.write(
      'two.yaml',
      'name: two\nsteps:\n  - key: a\n    run: echo one\n  - key: b\n    dependsOn: a\n    run: echo two\n',
    );
    const run = await w.ax(['workflow', 'run', file, '--json'], { LOG_LEVEL: 'debug' });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { executionId: string; state: string };
    expect(result.state).toBe('completed');
    const lines = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const transitions = lines
      .filter((line) => typeof line.step === 'string')
      .map((line) => `${line.step} ${line.event}`);
    expect(transitions).toEqual(['a step-started', 'a step-succeeded', 'b step-started', 'b step-succeeded']);
    expect(lines.find((line) => line.state === 'completed')).toMatchObject({
      level: 'info',
      executionId: result.executionId,
      msg: 'run completed',
    });
    const quiet = await w.ax(['workflow', 'run', file, '--json']);
    expect(quiet.stderr).toBe('');
  });

  it('a run that exhausts its retries is alerted on, listed as a dead letter and resumed', async () => {
    const receiver = await startReceiver();
    try {
      const w = workspace({
        alerts: { webhook: { url: receiver.url, events: ['workflow_failed', 'workflow_completed'] } },
        telemetry: { enabled: true, file: 'metrics.jsonl' },
      });
      const file = w.write(
        'flaky.yaml',
        [
          'name: flaky',
          'steps:',
          '  - key: prepare',
          '    run: echo x >> prepare.log',
          '  - key: publish',
          '    dependsOn: prepare',
          '    retry: { attempts: 2, backoff: { initial: 5ms } }',
          '    run: test -f ready || { echo "not ready" >&2; exit 7; }',
          '',
        ].join('\n'),
      );
      const failed = await w.ax(['workflow', 'run', file, '--json']);
      expect(failed.code).toBe(1);
      const { executionId } = JSON.parse(failed.stdout) as { executionId: string };
      expect(receiver.bodies).toHaveLength(1);
      expect(receiver.bodies[0]).toMatchObject({
        event: 'workflow_failed',
        executionId,
        workflow: 'flaky',
        failedStep: 'publish',
        resumeCommand: `ax workflow resume ${executionId}`,
      });
      const deadLetters = JSON.parse((await w.ax(['workflow', 'list', '--failed', '--json'])).stdout) as {
        id: string;
      }[];
      expect(deadLetters.map((execution) => execution.id)).toEqual([executionId]);

      writeFileSync(join(w.dir, 'ready'), '');
      const resumed = await w.ax(['workflow', 'resume', executionId, '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout).state).toBe('completed');
      expect(readFileSync(join(w.dir, 'prepare.log'), 'utf8')).toBe('x\n');
      expect(receiver.bodies[1]).toMatchObject({
        event: 'workflow_completed',
        executionId,
        failedStep: null,
      });
      expect(JSON.parse((await w.ax(['workflow', 'list', '--failed', '--json'])).stdout)).toEqual([]);

      const metrics = readFileSync(join(w.dir, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(metrics.map((line) => [line.state, line.steps])).toEqual([
        ['failed', { succeeded: 1, failed: 1, retried: 1, skipped: 0 }],
        ['completed', { succeeded: 1, failed: 0, retried: 0, skipped: 0 }],
      ]);
      expect(existsSync(join(w.dir, '.automatosx', 'telemetry.jsonl'))).toBe(false);
    } finally {
      receiver.close();
    }
  });
});
