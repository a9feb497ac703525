import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSimulator, type Simulator, simulatedHeader } from './index.js';
import { simClients } from './sim-clients.test-support.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const readFile = tool({
  description: 'Reads a file',
  inputSchema: z.object({ path: z.string() }),
  execute: async ({ path }) => `contents of ${path}: the build is green`,
});
const listDir = tool({
  description: 'Lists a directory',
  inputSchema: z.object({ dir: z.string() }),
  execute: async ({ dir }) => `${dir} holds a.txt and b.txt`,
});

describe.each(simClients)('$name through the real AI SDK client', (client) => {
  const prompt = 'Summarise the release notes for version 2.1';

  it('answers with deterministic, labelled text and usage', async () => {
    const first = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
    const again = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
    const other = await generateText({
      model: client.model(sim),
      prompt: 'Plan the database migration',
      maxRetries: 0,
    });

    expect(first.text.startsWith('[simulated] ')).toBe(true);
    expect(first.text).toContain('Summarise the release notes');
    expect(first.text.split('. ').length).toBeGreaterThanOrEqual(3);
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
    expect(other.text).toContain('Plan the database migration');
    expect(first.finishReason).toBe('stop');
    expect(first.usage.inputTokens).toBe(Math.ceil(prompt.length / 4));
    expect(first.usage.outputTokens).toBe(Math.ceil(first.text.length / 4));
    expect(first.response.headers?.[simulatedHeader]).toBe('true');
    expect(sim.stats()[client.provider]).toMatchObject({ requests: 3, streams: 0, faults: 0 });
  });

  it('streams the same answer in several deltas with a finish reason and usage', async () => {
    const whole = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
    const stream = streamText({ model: client.model(sim), prompt, maxRetries: 0 });
    const deltas: string[] = [];
    for await (const part of stream.fullStream) {
      if (part.type === 'text-delta') deltas.push(part.text);
      expect(part.type).not.toBe('error');
    }
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(whole.text);
    expect(await stream.finishReason).toBe('stop');
    expect((await stream.usage).outputTokens).toBe(whole.usage.outputTokens);
    expect((await stream.usage).inputTokens).toBe(whole.usage.inputTokens);
    expect((await stream.response).headers?.[simulatedHeader]).toBe('true');
    expect(sim.stats()[client.provider]).toMatchObject({ requests: 2, streams: 1 });
  });

  it('runs a tool loop from a [[tool:…]] directive, then summarises the tool result', async () => {
    const result = await generateText({
      model: client.model(sim),
      prompt: 'Check the build log [[tool:readFile {"path":"build.log"}]]',
      tools: { readFile, listDir },
      stopWhen: stepCountIs(5),
      maxRetries: 0,
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.steps[0]?.toolCalls).toMatchObject([
      { toolName: 'readFile', input: { path: 'build.log' } },
    ]);
    expect(result.steps[0]?.usage.outputTokens).toBeGreaterThan(0);
    expect(result.text.startsWith('[simulated] ')).toBe(true);
    expect(result.text).toContain('contents of build.log: the build is green');
    expect(result.finishReason).toBe('stop');
  });

  it('streams a two-tool loop in directive order', async () => {
    const stream = streamText({
      model: client.model(sim),
      prompt: 'Look around [[tool:listDir {"dir":"src"}]] then [[tool:readFile {"path":"src/a.txt"}]]',
      tools: { readFile, listDir },
      stopWhen: stepCountIs(5),
      maxRetries: 0,
    });
    const steps = await stream.steps;
    expect(steps.map((step) => step.toolCalls.map((call) => call.toolName))).toEqual([
      ['listDir'],
      ['readFile'],
      [],
    ]);
    expect(steps[1]?.toolCalls[0]?.input).toEqual({ path: 'src/a.txt' });
    expect(await stream.text).toContain('contents of src/a.txt');
  });

  it('follows a script rule for its provider: a scripted tool call, then a scripted reply', async () => {
    sim.setScript([
      { provider: 'someone-else', match: 'deploy', reply: 'wrong provider' },
      {
        provider: client.provider,
        match: /\bdeploy\b/,
        toolCall: { name: 'listDir', input: { dir: 'deploy' } },
      },
      {
        provider: client.provider,
        after: 'tool-result',
        matchRegex: 'a\\.txt',
        reply: 'Deployment looks ready.',
      },
    ]);
    const result = await generateText({
      model: client.model(sim),
      prompt: 'Please deploy the service',
      tools: { readFile, listDir },
      stopWhen: stepCountIs(5),
      maxRetries: 0,
    });
    expect(result.steps[0]?.toolCalls).toMatchObject([{ toolName: 'listDir', input: { dir: 'deploy' } }]);
    expect(result.text).toBe('[simulated] Deployment looks ready.');
  });
});

describe('openai responses store', () => {
  it('resolves the item_reference the SDK sends for earlier assistant output', async () => {
    const responses = simClients.find((client) => client.name === 'openai responses')!;
    const first = await generateText({ model: responses.model(sim), prompt: 'Draft a plan', maxRetries: 0 });
    const conversation = (store: boolean) =>
      generateText({
        model: responses.model(sim),
        messages: [
          { role: 'user', content: 'Draft a plan' },
          ...first.response.messages,
          { role: 'user', content: 'Now shorten it' },
        ],
        providerOptions: { openai: { store } },
        include: { requestBody: true },
        maxRetries: 0,
      });
    const [byReference, byText] = [await conversation(true), await conversation(false)];
    expect(byReference.request.body).toMatchObject({
      input: expect.arrayContaining([expect.objectContaining({ type: 'item_reference' })]),
    });
    expect(byText.request.body).not.toMatchObject({
      input: expect.arrayContaining([expect.objectContaining({ type: 'item_reference' })]),
    });
    expect(byReference.text).toBe(byText.text);
    expect(byReference.text).toContain('Now shorten it');
  });
});

describe('server surface', () => {
  it('keeps each OpenAI-compatible name apart in stats', async () => {
    const compat = simClients.find((client) => client.family === 'compat')!;
    await generateText({ model: compat.model(sim), prompt: 'one', maxRetries: 0 });
    const response = await fetch(`${sim.baseURL('compat', 'vllm-b')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'two' }], stream: true }),
    });
    const body = await response.text();
    expect(body.trim().endsWith('data: [DONE]')).toBe(true);
    expect(sim.stats()).toEqual({
      'local-llm': { requests: 1, faults: 0, streams: 0 },
      'vllm-b': { requests: 1, faults: 0, streams: 1 },
    });
  });

  it('answers the health endpoints with a model list, without counting them as requests', async () => {
    for (const url of [
      `${sim.baseURL('anthropic')}/models`,
      `${sim.baseURL('openai')}/models`,
      `${sim.baseURL('gemini')}/models`,
      `${sim.baseURL('compat', 'ollama')}/models`,
    ]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get(simulatedHeader)).toBe('true');
      expect(JSON.stringify(await response.json())).toContain('simulated');
    }
    expect(sim.stats()).toEqual({});
  });

  it('reports an unknown route in the provider error shape with the known routes', async () => {
    const response = await fetch(`${sim.baseURL('anthropic')}/complete`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('not_found_error');
    expect(body.error.message).toContain('POST /anthropic/v1/messages');
  });

  it('rejects a body that is not JSON with a 400 in the provider shape', async () => {
    const response = await fetch(`${sim.baseURL('openai')}/chat/completions`, {
      method: 'POST',
      body: '{nope',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('not valid JSON');
  });

  it('asks for alt=sse on a Gemini stream request without it', async () => {
    const response = await fetch(`${sim.baseURL('gemini')}/models/gemini-2.5-flash:streamGenerateContent`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('add ?alt=sse');
  });

  it('rejects baseURL for a compat provider without a usable name', () => {
    expect(() => sim.baseURL('compat')).toThrow(/needs a name/);
    expect(sim.baseURL('compat', 'lm-studio')).toBe(`${sim.url}/compat/lm-studio/v1`);
  });
});

describe('admin endpoint', () => {
  const admin = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${sim.url}/_admin/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const ask = () =>
    fetch(`${sim.baseURL('openai')}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }),
    });

  it('sets, lists and clears faults, and reports stats', async () => {
    const set = await admin('faults', 'POST', [
      { provider: 'openai', fault: 'unavailable', on: { requests: [1] } },
    ]);
    expect(set.status).toBe(200);
    expect(((await admin('faults').then((r) => r.json())) as { faults: unknown[] }).faults).toHaveLength(1);
    expect((await ask()).status).toBe(503);
    expect((await ask()).status).toBe(200);
    await admin('faults', 'POST', { fault: 'bad-key' });
    expect((await ask()).status).toBe(401);
    await admin('faults', 'DELETE');
    expect((await ask()).status).toBe(200);
    expect(await admin('stats').then((r) => r.json())).toEqual({
      openai: { requests: 4, faults: 2, streams: 0 },
    });
    await admin('reset', 'POST');
    expect(await admin('stats').then((r) => r.json())).toEqual({});
  });

  it('explains an invalid fault rule instead of accepting it', async () => {
    const response = await admin('faults', 'POST', [{ fault: 'explode' }]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('unknown fault "explode"');
    expect(body.error.message).toContain('rate-limit');
  });

  it('sets a script', async () => {
    const response = await admin('script', 'POST', [{ match: 'hello', reply: 'Hi from the script.' }]);
    expect(response.status).toBe(200);
    const answer = (await (await ask()).json()) as { choices: Array<{ message: { content: string } }> };
    expect(answer.choices[0]?.message.content).toBe('[simulated] Hi from the script.');
  });
});

describe('close', () => {
  it('closes promptly while a request is never answered and a stream is stalled', async () => {
    const own = await createSimulator({
      faults: [
        { fault: 'no-response', on: { requests: [1] } },
        { fault: 'stream-stall', on: { requests: [2] }, afterTokens: 1 },
      ],
    });
    const send = (stream: boolean) =>
      fetch(`${own.baseURL('anthropic')}/messages`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'm',
          max_tokens: 10,
          stream,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      }).then((response) => response.text());
    const unanswered = send(false);
    const stalledResponse = await fetch(`${own.baseURL('anthropic')}/messages`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'm',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const stalled = stalledResponse.text();
    await expect.poll(() => own.stats().anthropic?.requests).toBe(2);
    await own.close();
    await expect(unanswered).rejects.toThrow();
    await expect(stalled).rejects.toThrow();
  });
});

describe('load', () => {
  it('serves 50 paced parallel streams over three providers, cutting only the faulted ones', async () => {
    const own = await createSimulator({
      tokensPerSecond: 2000,
      faults: [{ provider: 'gemini', fault: 'stream-cut', on: { every: 4 }, afterTokens: 2 }],
    });
    const clients = simClients.filter((client) =>
      ['anthropic', 'openai', 'gemini'].includes(client.provider),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const client = clients[index % clients.length]!;
        const stream = streamText({
          model: client.model(own),
          prompt: `Task number ${index}`,
          maxRetries: 0,
        });
        let text = '';
        let failed = false;
        try {
          for await (const part of stream.fullStream) {
            if (part.type === 'text-delta') text += part.text;
            if (part.type === 'error') failed = true;
          }
        } catch {
          failed = true;
        }
        return { provider: client.provider, text, failed, index };
      }),
    );
    const stats = own.stats();
    await own.close();
    const failed = outcomes.filter((outcome) => outcome.failed);
    expect(failed.every((outcome) => outcome.provider === 'gemini')).toBe(true);
    expect(failed).toHaveLength(stats.gemini?.faults ?? -1);
    for (const outcome of outcomes.filter((item) => !item.failed)) {
      expect(outcome.text).toContain(`Task number ${outcome.index}`);
    }
    const total = Object.values(stats).reduce((sum, entry) => sum + entry.streams, 0);
    expect(total).toBe(50);
    expect(stats.gemini?.faults).toBe(Math.floor((stats.gemini?.requests ?? 0) / 4));
  });
});
