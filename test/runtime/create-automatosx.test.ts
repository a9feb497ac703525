import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAutomatosx } from '../../src/index.js';

describe('createAutomatosx', () => {
  it('runs the seed programmatic form: executeWorkflowFromFile with a context, agent steps on the simulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-api-'));
    const file = join(dir, 'code-review.yaml');
    writeFileSync(
      file,
      `name: code-review
inputs:
  repository: { type: string, required: true }
  branch: { type: string, default: main }
steps:
  - key: checkout
    run: echo "\${{ inputs.repository }}@\${{ inputs.branch }}"
  - key: security
    dependsOn: checkout
    agent: security
    action: security-scan
    prompt: Review \${{ steps.checkout.output }}
  - key: summary
    dependsOn: security
    prompt: Summarise the findings in one line.
`,
    );
    const ax = await createAutomatosx({
      databasePath: join(dir, 'ax.db'),
      providers: { simulator: 'always' },
      workspace: dir,
    });
    try {
      const result = await ax.engine.executeWorkflowFromFile(file, {
        context: { repository: 'acme/shop', branch: 'dev' },
      });
      expect(result.state).toBe('completed');
      expect(result.summary.stepsCompleted).toBe(3);
      expect(result.summary.duration).toBeGreaterThanOrEqual(0);
      expect(result.summary.usage.simulated).toBe(true);
      expect(result.summary.usage.inputTokens).toBeGreaterThan(0);
      expect(result.steps.find((step) => step.key === 'checkout')?.output).toBe('acme/shop@dev');
      const security = result.steps.find((step) => step.key === 'security');
      expect(security?.usage?.provider).toBe('simulator-claude');
      expect(String(security?.output)).toContain('acme/shop@dev');
      expect(ax.notices.join(' ')).toContain('simulated');
    } finally {
      await ax.close();
    }
  });
});
