import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelResponse } from '../../src/providers/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { simRouter } from './sim-router.test-support.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ tokensPerSecond: 1000 });
});
afterAll(() => sim.close());

const providers = ['claude', 'gemini', 'openai'] as const;

async function runFifty(restart: boolean) {
  const { router, of } = simRouter(sim, { maxRetries: 1, router: { restartInterruptedStreams: restart } });
  const outcomes = await Promise.all(
    Array.from({ length: 50 }, async (_, index) => {
      const deltas: string[] = [];
      let response: ModelResponse | undefined;
      let restarted = 0;
      for await (const event of router.stream({
        messages: [{ role: 'user', content: `Request number ${index}: describe the module layout` }],
        provider: providers[index % 3],
        runId: 'fifty',
      })) {
        if (event.type === 'text-delta') deltas.push(event.text);
        if (event.type === 'restart') {
          restarted++;
          deltas.length = 0;
        }
        if (event.type === 'finish') response = event.response;
      }
      return { index, text: deltas.join(''), response, restarted };
    }),
  );
  return { router, outcomes, of };
}

describe('50 parallel streams across 3 providers, one failing mid-run', () => {
  it('fails over before the first token: every request completes, each billed once', async () => {
    sim.reset();
    // Gemini goes down from its 6th request on, while the batch is in flight.
    sim.setFaults([{ provider: 'gemini', on: { from: 6 }, fault: 'unavailable' }]);
    const { router, outcomes } = await runFifty(false);
    expect(outcomes).toHaveLength(50);
    for (const outcome of outcomes) {
      expect(outcome.response?.finishReason).toBe('stop');
      expect(outcome.text).toBe(outcome.response?.text);
      expect(outcome.text).toContain(`Request number ${outcome.index}`);
    }
    const servedBy = (name: string) => outcomes.filter((o) => o.response?.provider === name).length;
    expect(servedBy('gemini')).toBe(5);
    expect(servedBy('claude') + servedBy('openai')).toBe(45);
    expect(router.usage().byRun.fifty?.requests).toBe(50);
  });

  it('with the restart policy, streams cut mid-answer restart elsewhere and none is lost', async () => {
    sim.reset();
    sim.setFaults([{ provider: 'openai', on: { from: 4 }, fault: 'stream-cut', afterTokens: 5 }]);
    const { router, outcomes, of } = await runFifty(true);
    expect(outcomes.every((o) => o.response?.finishReason === 'stop' && o.text === o.response.text)).toBe(
      true,
    );
    const restarted = outcomes.filter((o) => o.restarted > 0);
    expect(restarted.length).toBeGreaterThan(0);
    expect(restarted.every((o) => o.response?.provider !== 'openai')).toBe(true);
    expect(of('restart')).toHaveLength(restarted.length);
    expect(router.usage().total.requests).toBe(50);
  });
});
