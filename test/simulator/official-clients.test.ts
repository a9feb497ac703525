import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, Type } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

/**
 * The official vendor clients, with their defaults and only the base URL pointed at the simulator:
 * plain answers, streaming and tool calls, plus Anthropic count_tokens and Gemini countTokens.
 */
let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

const toolPrompt = 'Check the weather [[tool:getWeather {"city":"Oslo"}]]';

describe('official openai client', () => {
  const client = () => new OpenAI({ apiKey: 'sim', baseURL: `${sim.url}/v1`, maxRetries: 0 });

  it('chat completions: answer, stream and tool call', async () => {
    const answer = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(answer.choices[0]?.message.content).toMatch(/^\[simulated\]/);

    const stream = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toMatch(/^\[simulated\]/);

    const tools = await client().chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: toolPrompt }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'getWeather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    const call = tools.choices[0]?.message.tool_calls?.[0];
    expect(
      call?.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : [],
    ).toEqual(['getWeather', { city: 'Oslo' }]);
  });

  it('responses API: answer and stream', async () => {
    const answer = await client().responses.create({ model: 'gpt-4o', input: 'Say hello' });
    expect(answer.output_text).toMatch(/^\[simulated\]/);
    const stream = await client().responses.create({ model: 'gpt-4o', input: 'Say hello', stream: true });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    expect(text).toMatch(/^\[simulated\]/);
  });
});

describe('official @anthropic-ai/sdk client', () => {
  const client = () => new Anthropic({ apiKey: 'sim', baseURL: sim.url, maxRetries: 0 });
  const weather = {
    name: 'getWeather',
    input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
  };

  it('messages: answer, stream with a tool call, and count_tokens', async () => {
    const answer = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(answer.content[0]?.type === 'text' ? answer.content[0].text : '').toMatch(/^\[simulated\]/);

    const stream = client().messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: toolPrompt }],
      tools: [weather],
    });
    const final = await stream.finalMessage();
    const toolUse = final.content.find((block) => block.type === 'tool_use');
    expect(toolUse?.type === 'tool_use' ? [toolUse.name, toolUse.input] : []).toEqual([
      'getWeather',
      { city: 'Oslo' },
    ]);
    expect(final.stop_reason).toBe('tool_use');

    const counted = await client().messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Count the tokens of this sentence, please.' }],
    });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });
});

describe('official @google/genai client', () => {
  for (const apiVersion of [undefined, 'v1'] as const) {
    it(`generateContent, stream with a function call, and countTokens (api ${apiVersion ?? 'default'})`, async () => {
      const ai = new GoogleGenAI({
        apiKey: 'sim',
        ...(apiVersion === undefined ? {} : { apiVersion }),
        httpOptions: { baseUrl: sim.url },
      });
      const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello' });
      expect(answer.text).toMatch(/^\[simulated\]/);

      const stream = await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: toolPrompt,
        config: {
          tools: [
            {
              functionDeclarations: [
                {
                  name: 'getWeather',
                  parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } },
                },
              ],
            },
          ],
        },
      });
      const calls: unknown[] = [];
      for await (const chunk of stream) calls.push(...(chunk.functionCalls ?? []));
      expect(calls).toEqual([expect.objectContaining({ name: 'getWeather', args: { city: 'Oslo' } })]);

      const counted = await ai.models.countTokens({
        model: 'gemini-2.5-flash',
        contents: 'Count these tokens',
      });
      expect(counted.totalTokens).toBeGreaterThan(0);
    });
  }
});
