import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createE2eHarness, type E2eHarness } from '../e2e/e2e-harness.js';
import { repositoryRoot } from '../e2e/sample-project.js';

/**
 * Typed step outputs end to end: the engine on SQLite, agent and prompt steps through the real agent
 * runtime and router, the simulator over HTTP answering to each step's schema. No keys.
 */
let h: E2eHarness;
beforeAll(async () => {
  h = await createE2eHarness();
});
afterAll(() => h?.close());
beforeEach(() => {
  h.providers.simulator!.setScript([]);
});

const triageYaml = readFileSync(join(repositoryRoot, 'workflows', 'triage.yaml'), 'utf8');
const severities = ['low', 'medium', 'high'];

interface Triage {
  severity: string;
  files: string[];
  summary: string;
}

const stepOf = (steps: { key: string }[], key: string) => {
  const step = steps.find((candidate) => candidate.key === key);
  if (!step) throw new Error(`no step '${key}'`);
  return step as { key: string; status: string; attempt: number; output?: unknown; error?: string };
};

describe('workflows/triage.yaml', () => {
  it('triage answers an object, review runs once per file it names, summary reads the severity', async () => {
    const result = await h.run('triage.yaml', triageYaml);
    expect(result.state).toBe('completed');
    const triage = stepOf(result.steps, 'triage').output as Triage;
    expect(severities).toContain(triage.severity);
    expect(triage.files).toEqual(['src/orders.js', 'src/server.js', 'test/orders.test.js']);
    expect(triage.summary).toMatch(/^\[simulated\]/);

    const review = stepOf(result.steps, 'review').output as { file: string; risk: string }[];
    expect(review.map((item) => item.file)).toEqual(triage.files);
    for (const item of review) expect(severities).toContain(item.risk);
    for (const [index] of triage.files.entries()) {
      expect(stepOf(result.steps, `review[${index}]`).status).toBe('succeeded');
    }

    const summary = String(stepOf(result.steps, 'summary').output);
    expect(summary).toMatch(/^\[simulated\]/);
    expect(summary).toContain(
      `Write a short ${triage.severity === 'high' ? 'urgent incident' : 'routine'} note`,
    );

    // Stored as JSON in the event log: the completion event carries the object itself.
    const events = await h.engine.store.getEvents(result.executionId);
    const completed = events.find((event) => event.type === 'step_completed' && event.stepKey === 'triage');
    expect(completed?.data?.output).toEqual(triage);
  });

  it('is deterministic: the same run gives the same objects', async () => {
    const first = await h.run('triage.yaml', triageYaml);
    const second = await h.run('triage.yaml', triageYaml);
    expect(stepOf(second.steps, 'triage').output).toEqual(stepOf(first.steps, 'triage').output);
    expect(stepOf(second.steps, 'review').output).toEqual(stepOf(first.steps, 'review').output);
  });
});

describe('repair and failure', () => {
  it('repairs a non-conforming first answer on the second request and records why', async () => {
    h.providers.simulator!.setScript([
      { match: 'Triage this failure', object: { severity: 'urgent', files: [] }, times: 1 },
    ]);
    const result = await h.run('triage.yaml', triageYaml);
    expect(result.state).toBe('completed');
    expect(severities).toContain((stepOf(result.steps, 'triage').output as Triage).severity);
    const events = await h.engine.store.getEvents(result.executionId);
    const repair = events.find((event) => event.type === 'output_repair');
    expect(repair?.stepKey).toBe('triage');
    const paths = ((repair?.data?.issues ?? []) as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['/files', '/severity', '/summary']);
  });

  it('fails the step with the paths listed when the repaired answer is wrong too; resume re-runs only that step', async () => {
    h.providers.simulator!.setScript([
      { match: 'Review src/server.js', object: { file: 'src/server.js', risk: 'severe' }, times: 1 },
      { match: 'does not match the required JSON Schema', object: { risk: 'severe' }, times: 1 },
    ]);
    const failed = await h.run('triage.yaml', triageYaml);
    expect(failed.state).toBe('failed');
    const item = stepOf(failed.steps, 'review[1]');
    expect(item.status).toBe('failed');
    expect(item.error).toContain('does not match the output schema after one repair');
    expect(item.error).toContain('/risk: must be one of "low", "medium", "high"');
    expect(item.error).toContain('/file: is required but missing');
    expect(item.error).toContain('/finding: is required but missing');
    expect(stepOf(failed.steps, 'review[0]').status).toBe('succeeded');
    expect(stepOf(failed.steps, 'review[2]').status).toBe('succeeded');
    expect(stepOf(failed.steps, 'summary').status).toBe('skipped');

    const before = (await h.engine.store.getEvents(failed.executionId)).length;
    const resumed = await h.engine.resume(failed.executionId);
    expect(resumed.state).toBe('completed');
    const started = (await h.engine.store.getEvents(failed.executionId))
      .slice(before)
      .filter((event) => event.type === 'step_started')
      .map((event) => event.stepKey);
    expect(started).toEqual(['review', 'review[1]', 'summary']);
    expect(stepOf(resumed.steps, 'triage').attempt).toBe(1);
    const review = stepOf(resumed.steps, 'review').output as { file: string }[];
    expect(review.map((entry) => entry.file)).toEqual([
      'src/orders.js',
      'src/server.js',
      'test/orders.test.js',
    ]);
  });

  it('prompt steps take output schemas too, with the same repair and failure', async () => {
    const yaml = [
      'name: prompt-typed',
      'steps:',
      '  - key: classify',
      '    prompt: Classify the ticket "login page is slow"',
      '    output:',
      '      schema:',
      '        type: object',
      '        properties:',
      '          area: { type: string, enum: [frontend, backend, database] }',
      '          urgent: { type: boolean }',
      '        required: [area, urgent]',
      '  - key: route',
      '    dependsOn: classify',
      "    if: ${{ steps.classify.output.area != 'database' }}",
      '    prompt: Route to the ${{ steps.classify.output.area }} team',
      '',
    ].join('\n');
    const ok = await h.run('prompt-typed.yaml', yaml);
    expect(ok.state).toBe('completed');
    const answer = stepOf(ok.steps, 'classify').output as { area: string; urgent: boolean };
    expect(['frontend', 'backend', 'database']).toContain(answer.area);
    expect(typeof answer.urgent).toBe('boolean');
    expect(stepOf(ok.steps, 'route').status).toBe(answer.area === 'database' ? 'skipped' : 'succeeded');

    h.providers.simulator!.setScript([{ match: 'Classify', reply: 'backend, probably', times: 1 }]);
    const repaired = await h.run('prompt-typed.yaml', yaml);
    expect(repaired.state).toBe('completed');

    h.providers.simulator!.setScript([{ object: { area: 'ops' }, times: 2 }]);
    const failed = await h.run('prompt-typed.yaml', yaml);
    expect(failed.state).toBe('failed');
    const error = stepOf(failed.steps, 'classify').error;
    expect(error).toContain("step 'classify': the answer does not match the output schema after one repair:");
    expect(error).toContain(`/area: must be one of "frontend", "backend", "database" (got 'ops')`);
    expect(error).toContain('/urgent: is required but missing');
  });
});
