import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAutomatosx } from '../../src/runtime/create-automatosx.js';
import { copySampleProject, repositoryRoot } from './sample-project.js';

describe('the seed’s programmatic form', () => {
  it('executeWorkflowFromFile runs the code review of another repository, given as context', async () => {
    const project = copySampleProject({ prefix: 'ax-e2e-api-' });
    const ax = await createAutomatosx({
      databasePath: join(project, '.automatosx', 'automatosx.db'),
      providers: { cwd: project, env: {}, simulator: 'always' },
      workspace: project,
    });
    try {
      const result = await ax.engine.executeWorkflowFromFile(
        join(repositoryRoot, 'workflows', 'code-review.yaml'),
        {
          context: { repository: project, branch: 'feature/login' },
        },
      );
      expect(result.state).toBe('completed');
      expect(result.summary.stepsCompleted).toBe(7);
      expect(result.summary.duration).toBeGreaterThan(0);
      expect(result.summary.usage.simulated).toBe(true);
      // The file list and the report come from the repository named in the context, not the working directory.
      const files = result.steps.find((step) => step.key === 'collect-files')?.output;
      expect(String(files).split('\n').sort()).toEqual([
        'src/orders.js',
        'src/server.js',
        'test/orders.test.js',
      ]);
      const report = readFileSync(join(project, '.automatosx', 'code-review-report.md'), 'utf8');
      expect(report).toContain('# Code review of feature/login');
      const writer = result.steps.find((step) => step.key === 'generate-report');
      expect(writer?.usage).toMatchObject({ provider: 'simulator-claude', model: 'claude-sonnet-4-5' });
      expect(report).toContain(String(writer?.output));
    } finally {
      await ax.close();
    }
  });
});
