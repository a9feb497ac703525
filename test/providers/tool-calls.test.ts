import { tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModelMessage, ModelRequest, ModelStreamEvent } from '../../src/providers/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { simRouter } from './sim-router.test-support.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(() => sim.close());

// What an agent runtime passes: zod-schema tools without `execute`, so the router returns the calls.
const tools = {
  listDir: tool({ description: 'Lists a directory', inputSchema: z.object({ dir: z.string() }) }),
};

describe.each(['claude', 'gemini', 'openai'] as const)('a tool loop through the router on %s', (provider) => {
  const family = { claude: 'anthropic', gemini: 'gemini', openai: 'openai' }[provider];

  it('returns tool calls with parsed input, then answers from the tool result the caller sends back', async () => {
    sim.reset();
    sim.setScript([
      { provider: family, match: 'deploy', toolCall: { name: 'listDir', input: { dir: 'deploy' } } },
      { provider: family, after: 'tool-result', matchRegex: 'a\\.txt', reply: 'Deployment looks ready.' },
    ]);
    const { router } = simRouter(sim);
    const messages: ModelMessage[] = [
      { role: 'system', content: 'You are the deployment agent.' },
      { role: 'user', content: 'Please deploy the service' },
    ];
    const base: ModelRequest = { messages, tools, provider, fallback: false };
    const first = await router.generate(base);
    expect(first.finishReason).toBe('tool-calls');
    expect(first.toolCalls).toEqual([
      { toolCallId: expect.any(String), toolName: 'listDir', input: { dir: 'deploy' } },
    ]);
    const call = first.toolCalls[0]!;
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: call.input },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: call.toolCallId,
            toolName: call.toolName,
            output: { type: 'text', value: 'deploy holds a.txt and b.txt' },
          },
        ],
      },
    );
    const events: ModelStreamEvent[] = [];
    for await (const event of router.stream({ ...base, messages })) events.push(event);
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('stream did not finish');
    expect(finish.response).toMatchObject({
      text: '[simulated] Deployment looks ready.',
      finishReason: 'stop',
      provider,
    });
    expect(router.usage().total.requests).toBe(2);
  });
});
