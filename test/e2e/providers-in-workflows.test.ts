import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RouterEvent } from '../../src/providers/index.js';
import { createE2eHarness, type E2eHarness } from './e2e-harness.js';

/** The provider router under workflow steps: failover mid-run, `provider:` per step, failing agents. */
let h: E2eHarness;
let routerEvents: RouterEvent[];

// A fresh router per test: a failover test leaves a circuit open, which would steer the next test.
beforeEach(async () => {
  // Concurrency 1 makes the order of model calls, and so the simulator's request numbers, deterministic.
  h = await createE2eHarness({ concurrency: 1 });
  routerEvents = [];
  h.providers.router.events.onAny((event) => routerEvents.push(event));
});
afterEach(async () => {
  await h?.close();
});

const chain = (name: string, keys: string[], extra: Record<string, string[]> = {}) =>
  [
    `name: ${name}`,
    'steps:',
    ...keys.flatMap((key, index) => [
      `  - key: ${key}`,
      '    agent: writer',
      `    prompt: Write part ${index + 1} of the release notes.`,
      ...(index > 0 ? [`    dependsOn: ${keys[index - 1]}`] : []),
      ...(extra[key] ?? []),
    ]),
    '',
  ].join('\n');

const providerOf = (step: { usage?: Record<string, unknown> }) => step.usage?.provider;

describe('providers under a workflow', () => {
  it('the primary provider fails mid-workflow and the run completes on the fallback', async () => {
    const sim = h.providers.simulator!;
    // Claude's wire format answers the first request, then is down for good.
    sim.setFaults([{ provider: 'anthropic', on: { from: 2 }, fault: 'unavailable' }]);
    const result = await h.run('fallback.yaml', chain('fallback', ['intro', 'changes', 'upgrade']));
    expect(result.state).toBe('completed');
    expect(result.steps.map((step) => [step.key, step.status, providerOf(step)])).toEqual([
      ['intro', 'succeeded', 'simulator-claude'],
      ['changes', 'succeeded', 'simulator-gemini'],
      ['upgrade', 'succeeded', 'simulator-gemini'],
    ]);
    const fallbacks = routerEvents.filter((event) => event.type === 'fallback');
    expect(fallbacks.length).toBeGreaterThanOrEqual(1);
    expect(fallbacks[0]).toMatchObject({ from: 'simulator-claude', to: 'simulator-gemini' });
    expect(
      routerEvents.some((event) => event.type === 'error' && event.provider === 'simulator-claude'),
    ).toBe(true);
    expect(sim.stats().anthropic!.faults).toBeGreaterThanOrEqual(1);
  });

  it('honours `provider:` and `model:` on a step, visible in each step’s usage', async () => {
    const sim = h.providers.simulator!;
    const result = await h.run(
      'selection.yaml',
      [
        'name: selection',
        'steps:',
        '  - key: default',
        '    agent: writer',
        '    prompt: Summarise the change.',
        '  - key: on-gemini',
        '    agent: writer',
        '    provider: simulator-gemini',
        '    prompt: Summarise the change.',
        '  - key: on-openai',
        '    prompt: Summarise the change.',
        '    provider: simulator-openai',
        '  - key: model-only',
        '    agent: security',
        '    model: gpt-4o-mini',
        '    prompt: Summarise the risk.',
        '',
      ].join('\n'),
    );
    expect(result.state).toBe('completed');
    const usage = Object.fromEntries(result.steps.map((step) => [step.key, step.usage]));
    expect(usage.default).toMatchObject({ provider: 'simulator-claude', model: 'claude-sonnet-4-5' });
    expect(usage['on-gemini']).toMatchObject({ provider: 'simulator-gemini', model: 'gemini-2.5-flash' });
    expect(usage['on-openai']).toMatchObject({ provider: 'simulator-openai', model: 'gpt-4o' });
    // A model without a provider goes to a provider of that model's vendor.
    expect(usage['model-only']).toMatchObject({ provider: 'simulator-openai', model: 'gpt-4o-mini' });
    // Each request really went out in that provider's wire format.
    const stats = sim.stats();
    expect(stats.anthropic?.requests).toBe(1);
    expect(stats.gemini?.requests).toBe(1);
    expect(stats.openai?.requests).toBe(2);
  });

  it('a failing agent step fails the run and skips what depends on it', async () => {
    // The step pinned to OpenAI's wire format is refused by the provider's content filter.
    h.providers.simulator!.setFaults([{ provider: 'openai', fault: 'content-filter' }]);
    const result = await h.run(
      'agent-failure.yaml',
      chain('agent-failure', ['draft', 'risky', 'publish'], { risky: ['    provider: simulator-openai'] }),
    );
    expect(result.state).toBe('failed');
    expect(Object.fromEntries(result.steps.map((step) => [step.key, step.status]))).toEqual({
      draft: 'succeeded',
      risky: 'failed',
      publish: 'skipped',
    });
    expect(result.steps.find((step) => step.key === 'risky')?.error).toMatch(/content filter/);
    expect(result.error).toContain("step 'risky' failed");
  });

  it('with continueOnError the run goes on past the failed agent step and completes', async () => {
    h.providers.simulator!.setFaults([{ provider: 'openai', fault: 'content-filter' }]);
    const result = await h.run(
      'agent-failure-tolerated.yaml',
      chain('agent-failure-tolerated', ['draft', 'risky', 'publish'], {
        risky: ['    provider: simulator-openai', '    continueOnError: true'],
      }),
    );
    expect(result.state).toBe('completed');
    expect(Object.fromEntries(result.steps.map((step) => [step.key, step.status]))).toEqual({
      draft: 'succeeded',
      risky: 'failed',
      publish: 'succeeded',
    });
    expect(result.summary).toMatchObject({ stepsCompleted: 2, stepsFailed: 1 });
  });
});
