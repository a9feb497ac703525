import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const noKeys = { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '' };

describe('budget caps from the CLI (no Redis)', () => {
  it('a workflow run that would go past its cap fails its step with BudgetExceededError naming the cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-budget-'));
    // One simulated claude-sonnet-4-5 answer costs about $0.001: the first step fits, the second does not.
    writeFileSync(join(dir, 'automatosx.config.json'), JSON.stringify({ budget: { perRunUsd: 0.0005 } }));
    writeFileSync(
      join(dir, 'two.yaml'),
      'name: two\nsteps:\n  - key: draft\n    prompt: Draft release notes for 2.1\n  - key: review\n    dependsOn: draft\n    prompt: Review the draft\n',
    );
    const db = join(dir, 'ax.db');
    const run = await runCli(['workflow', 'run', 'two.yaml', '--db', db], { cwd: dir, env: noKeys });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step draft: succeeded');
    expect(run.stdout).toContain('step review: failed');
    const list = await runCli(['workflow', 'list', '--json', '--db', db], { cwd: dir, env: noKeys });
    const [execution] = JSON.parse(list.stdout) as { id: string }[];
    const status = await runCli(['workflow', 'status', execution!.id, '--json', '--db', db], {
      cwd: dir,
      env: noKeys,
    });
    expect(status.stdout).toMatch(
      /"error": "step 'review' failed: simulator-claude: the budget of run ex-[^ ]+ of \$0\.0005 is reached \(\$0\.\d+ spent\); raise budget\.perRunUsd/,
    );
  }, 60_000);

  it('without Redis the day’s spend is kept in the SQLite file: a daily cap holds across separate ax processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-budget-'));
    const config = (dailyUsd: number) =>
      writeFileSync(join(dir, 'automatosx.config.json'), JSON.stringify({ budget: { dailyUsd } }));
    writeFileSync(
      join(dir, 'one.yaml'),
      'name: one\nsteps:\n  - key: draft\n    prompt: Draft release notes for 2.1\n',
    );
    const db = join(dir, 'ax.db');
    const run = () => runCli(['workflow', 'run', 'one.yaml', '--db', db], { cwd: dir, env: noKeys });
    const spent = async () => {
      const list = await runCli(['providers', 'list', '--json'], { cwd: dir, env: noKeys });
      return (JSON.parse(list.stdout) as { budget: { cap: string; spentUsd: number }[] }).budget;
    };
    config(100);
    expect((await run()).code).toBe(0);
    const [first] = await spent();
    expect(first).toMatchObject({ cap: 'daily', capUsd: 100 });
    const oneRun = first!.spentUsd;
    expect(oneRun).toBeGreaterThan(0);
    config(oneRun * 1.5);
    expect((await run()).code).toBe(0);
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/the daily budget \(all providers\) of \$[\d.]+ is reached/);
    const text = await runCli(['providers', 'list'], { cwd: dir, env: noKeys });
    expect(text.stdout).toMatch(/^budget: all providers: \$[\d.]+ of \$[\d.]+ spent today \(UTC, 1\d\d%\)$/m);
  }, 60_000);
});
