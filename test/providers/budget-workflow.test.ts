import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const noKeys = { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '' };

describe('budget.perRunUsd from the CLI', () => {
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
});
