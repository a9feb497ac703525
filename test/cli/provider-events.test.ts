import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Retries and failovers are visible outside code: in `ax workflow run` progress, the info log, the run's
 * event log, `ax workflow status` (text and --json) and `ax providers test`. The simulator's first
 * Anthropic-format request answers 500; the router retries it.
 */
const folder = mkdtempSync(join(tmpdir(), 'ax-provider-events-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const env = {
  ANTHROPIC_API_KEY: '',
  GOOGLE_API_KEY: '',
  GEMINI_API_KEY: '',
  OPENAI_API_KEY: '',
  DATABASE_PATH: join(folder, 'ax.db'),
  LOG_LEVEL: 'info',
  LOG_FORMAT: '',
};
writeFileSync(
  join(folder, 'automatosx.config.json'),
  JSON.stringify({
    router: { backoffBaseMs: 20 },
    providers: {
      'simulator-claude': {
        type: 'simulator',
        protocol: 'anthropic',
        priority: 1,
        faults: [{ provider: 'anthropic', fault: 'server-error', on: { requests: [1] } }],
      },
      'simulator-gemini': { type: 'simulator', protocol: 'gemini', priority: 2 },
    },
  }),
);
writeFileSync(
  join(folder, 'ask.yaml'),
  'name: ask\nsteps:\n  - key: question\n    prompt: Say hello in one sentence.\n',
);

const retried = /simulator-claude try 1 failed \(provider-server-error\); retrying in \d+ ms \(backoff\)/;

describe('provider events are visible', () => {
  it('in workflow progress, the info log, and ax workflow status', async () => {
    const run = await runCli(['workflow', 'run', 'ask.yaml'], { cwd: folder, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`step question: ${retried.source}`));
    const logged = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string; note?: string });
    expect(logged.find((line) => line.note === 'provider_event')).toMatchObject({ level: 'info' });

    const [execution] = JSON.parse(
      (await runCli(['workflow', 'list', '--json'], { cwd: folder, env })).stdout,
    ) as { id: string }[];
    const status = await runCli(['workflow', 'status', execution!.id], { cwd: folder, env });
    expect(status.stdout).toContain('provider events (1):');
    expect(status.stdout).toMatch(new RegExp(`question: ${retried.source}`));
    const json = JSON.parse(
      (await runCli(['workflow', 'status', execution!.id, '--json'], { cwd: folder, env })).stdout,
    ) as { providerEvents: Record<string, unknown>[] };
    expect(json.providerEvents).toEqual([
      expect.objectContaining({
        step: 'question',
        event: 'error',
        next: 'retry',
        provider: 'simulator-claude',
      }),
    ]);
  });

  it('in ax providers test, text and --json', async () => {
    const text = await runCli(['providers', 'test'], { cwd: folder, env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`router: +${retried.source}`));
    const json = JSON.parse((await runCli(['providers', 'test', '--json'], { cwd: folder, env })).stdout) as {
      events: string[];
    };
    expect(json.events).toEqual([expect.stringMatching(retried)]);
  });
});
