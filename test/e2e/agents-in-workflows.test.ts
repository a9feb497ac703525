import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentRegistry } from '../../src/agents/index.js';
import { createE2eHarness, type E2eHarness } from './e2e-harness.js';

/** Agents carrying out workflow steps: every agent, delegation, tools in the workspace, a long workflow. */
let h: E2eHarness;

beforeAll(async () => {
  h = await createE2eHarness({ concurrency: 8 });
});
afterAll(async () => {
  await h?.close();
});

const usageOf = (step: { usage?: Record<string, unknown> }) =>
  step.usage as {
    provider: string;
    model: string;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    simulated: boolean;
  };

describe('agents executing workflow steps', () => {
  it('runs every shipped agent through one workflow, one step each, on the simulator', async () => {
    const names = loadAgentRegistry({ projectDirectory: h.dir }).names();
    expect(names.length).toBeGreaterThanOrEqual(21);
    const steps = names
      .map(
        (name) =>
          `  - key: ${name}\n    agent: ${name}\n    action: review-your-area\n    prompt: Give the ${name} view of the orders service.`,
      )
      .join('\n');
    const before = h.providers.simulator!.stats().anthropic?.requests ?? 0;
    const result = await h.run('all-agents.yaml', `name: all-agents\nsteps:\n${steps}\n`);
    expect(result.state).toBe('completed');
    expect(result.summary.stepsCompleted).toBe(names.length);
    for (const step of result.steps) {
      expect(step.status).toBe('succeeded');
      expect(step.outputs?.agent).toBe(step.key);
      expect(String(step.output)).toMatch(/^\[simulated\]/);
      expect(String(step.output)).toContain(`Give the ${step.key} view`);
      expect(usageOf(step)).toMatchObject({ provider: 'simulator-claude', simulated: true });
    }
    // One HTTP request per agent: each answered without tools.
    expect(h.providers.simulator!.stats().anthropic!.requests - before).toBe(names.length);
    const tokens = result.steps.reduce((sum, step) => sum + usageOf(step).outputTokens, 0);
    expect(result.summary.usage).toMatchObject({ outputTokens: tokens, simulated: true });
    expect(
      h.runStore
        .list({ limit: 100 })
        .filter((run) => names.includes(run.agent))
        .map((run) => run.agent)
        .sort(),
    ).toEqual([...names].sort());
  });

  it('a step without an agent goes to the one the task router picks, and the event log says why', async () => {
    const result = await h.run(
      'routed.yaml',
      [
        'name: routed',
        'description: Security review of the orders service',
        'steps:',
        '  - key: audit',
        '    action: scan-vulnerabilities',
        '    prompt: Check the order endpoint for injection and missing authentication.',
        '',
      ].join('\n'),
    );
    expect(result.state).toBe('completed');
    expect(result.steps[0]?.outputs?.agent).toBe('security');
    const events = await h.engine.store.getEvents(result.executionId);
    const selected = events.find((event) => event.type === 'agent_selected');
    expect(selected).toMatchObject({ stepKey: 'audit', data: { agent: 'security' } });
    expect(selected?.data?.reasons).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it('an agent step delegates to another agent and reports the delegate’s answer', async () => {
    h.providers.simulator!.setScript([
      {
        match: 'E2E-DELEGATE',
        toolCall: {
          name: 'delegate',
          input: { agent: 'database', task: 'E2E-SUBTASK: which index do the order lookups need?' },
        },
      },
      { match: 'E2E-SUBTASK', reply: 'database: add an index on orders(customer_id, created_at)' },
    ]);
    try {
      const result = await h.run(
        'delegation.yaml',
        [
          'name: delegation',
          'steps:',
          '  - key: design',
          '    agent: backend',
          '    prompt: E2E-DELEGATE design the order lookup endpoint; ask the database agent about indexes',
          '  - key: review',
          '    agent: quality',
          '    dependsOn: design',
          '    prompt: Review the design.',
          '',
        ].join('\n'),
      );
      expect(result.state).toBe('completed');
      const design = result.steps.find((step) => step.key === 'design')!;
      expect(design.outputs).toMatchObject({ agent: 'backend', toolCalls: 1 });
      expect(String(design.output)).toContain('add an index on orders(customer_id, created_at)');
      const parent = h.runStore.get(String(design.outputs!.runId))!;
      expect(h.runStore.children(parent.id).map((run) => run.agent)).toEqual(['database']);
      // The next step sees the delegated answer as its dependency's output.
      const review = result.steps.find((step) => step.key === 'review')!;
      expect(String(review.output)).toMatch(/^\[simulated\]/);
    } finally {
      h.providers.simulator!.setScript([]);
    }
  });

  it('a scripted tool call makes an agent step read a file of the workspace', async () => {
    const source = readFileSync(join(h.dir, 'src/orders.js'), 'utf8');
    const result = await h.run(
      'tool.yaml',
      [
        'name: tool-in-workflow',
        'steps:',
        '  - key: read-orders',
        '    agent: quality',
        '    action: review-file',
        `    prompt: 'Review the order arithmetic. [[tool:file {"action":"read","path":"src/orders.js"}]]'`,
        '',
      ].join('\n'),
    );
    expect(result.state).toBe('completed');
    const [step] = result.steps;
    expect(step?.outputs).toMatchObject({ agent: 'quality', toolCalls: 1 });
    // The simulated model summarises the tool result it was sent: the file's real text.
    expect(String(step?.output)).toContain('export function orderTotal(items)');
    expect(source).toContain('export function orderTotal(items)');
    const record = h.runStore.get(String(step!.outputs!.runId))!;
    expect(record).toMatchObject({ agent: 'quality', status: 'succeeded' });
    const logged = h.events.filter((event) => event.type === 'step-log' && event.key === 'read-orders');
    expect(logged.map((event) => (event.type === 'step-log' ? event.text : ''))).toContain(
      '[quality → file]',
    );
  });

  it('runs a 150-step agent workflow (15 levels of 10) with every step answered and counted', async () => {
    const agents = loadAgentRegistry({ projectDirectory: h.dir }).names();
    const lines = ['name: long-agent-workflow', 'steps:'];
    for (let index = 0; index < 150; index += 1) {
      lines.push(
        `  - key: s${index}`,
        `    agent: ${agents[index % agents.length]}`,
        `    prompt: Part ${index} of the audit.`,
      );
      if (index >= 10) lines.push(`    dependsOn: s${index - 10}`);
    }
    const before = h.providers.simulator!.stats().anthropic?.requests ?? 0;
    const result = await h.run('long.yaml', `${lines.join('\n')}\n`);
    expect(result.state).toBe('completed');
    expect(result.summary).toMatchObject({ stepsCompleted: 150, stepsFailed: 0, stepsSkipped: 0 });
    expect(h.providers.simulator!.stats().anthropic!.requests - before).toBe(150);
    const byKey = new Map(result.steps.map((step) => [step.key, step]));
    for (let index = 10; index < 150; index += 1) {
      // The ready-set scheduler never starts a step before the step it depends on has finished.
      expect(byKey.get(`s${index}`)!.startedAt!).toBeGreaterThanOrEqual(
        byKey.get(`s${index - 10}`)!.finishedAt!,
      );
    }
    const input = result.steps.reduce((sum, step) => sum + usageOf(step).inputTokens, 0);
    expect(result.summary.usage.inputTokens).toBe(input);
  });
});
