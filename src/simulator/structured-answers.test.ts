import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, type LanguageModel, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateJsonSchema } from '../structured-output/index.js';
import { createSimulator, type Simulator } from './index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const triageSchema = {
  type: 'object',
  properties: {
    severity: { type: 'string', enum: ['low', 'medium', 'high'] },
    files: { type: 'array', items: { type: 'string' }, minItems: 1 },
    summary: { type: 'string' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    blocking: { type: 'boolean' },
  },
  required: ['severity', 'files', 'summary'],
  additionalProperties: false,
};
const prompt = 'Triage the failing build: src/auth/login.ts and src/db/pool.ts changed.';

/** Each SDK client and the mode its provider uses for structured output. */
const clients: { name: string; provider: string; model: (sim: Simulator) => LanguageModel }[] = [
  {
    name: 'anthropic, native output format',
    provider: 'anthropic',
    model: (s) => createAnthropic({ baseURL: s.baseURL('anthropic'), apiKey: 't' })('claude-sonnet-4-5'),
  },
  {
    name: 'anthropic, forced json tool (model without native mode)',
    provider: 'anthropic',
    model: (s) =>
      createAnthropic({ baseURL: s.baseURL('anthropic'), apiKey: 't' })('claude-3-haiku-20240307'),
  },
  {
    name: 'openai responses, json_schema format',
    provider: 'openai',
    model: (s) => createOpenAI({ baseURL: s.baseURL('openai'), apiKey: 't' })('gpt-4o'),
  },
  {
    name: 'openai chat, response_format',
    provider: 'openai',
    model: (s) => createOpenAI({ baseURL: s.baseURL('openai'), apiKey: 't' }).chat('gpt-4o'),
  },
  {
    name: 'gemini, responseJsonSchema',
    provider: 'gemini',
    model: (s) => createGoogleGenerativeAI({ baseURL: s.baseURL('gemini'), apiKey: 't' })('gemini-2.5-flash'),
  },
  {
    name: 'openai-compatible, response_format json_schema',
    provider: 'local',
    model: (s) =>
      createOpenAICompatible({
        name: 'local',
        baseURL: s.baseURL('compat', 'local'),
        apiKey: 't',
        supportsStructuredOutputs: true,
      })('llama-3.1-8b'),
  },
];

describe.each(clients)('structured answers: $name', (client) => {
  const output = Output.object({ schema: jsonSchema(triageSchema) });

  it('conform to the requested schema, deterministically, labelled and derived from the task', async () => {
    const first = await generateText({ model: client.model(sim), prompt, output, maxRetries: 0 });
    const again = await generateText({ model: client.model(sim), prompt, output, maxRetries: 0 });
    expect(validateJsonSchema(triageSchema, first.output)).toEqual({ ok: true, value: first.output });
    expect(again.output).toEqual(first.output);
    const answer = first.output as { files: string[]; summary: string };
    expect(answer.files).toEqual(['src/auth/login.ts', 'src/db/pool.ts']);
    expect(answer.summary).toMatch(/^\[simulated\]/);
    expect(first.response.headers?.['x-automatosx-simulated']).toBe('true');
  });

  it('streams the same answer', async () => {
    const plain = await generateText({ model: client.model(sim), prompt, output, maxRetries: 0 });
    const streamed = streamText({ model: client.model(sim), prompt, output, maxRetries: 0 });
    expect(await streamed.output).toEqual(plain.output);
  });

  it('answers with a scripted object as given, conforming or not', async () => {
    sim.setScript([{ provider: client.provider, object: { severity: 'urgent' }, times: 1 }]);
    const result = await generateText({
      model: client.model(sim),
      prompt,
      output: Output.object({ schema: jsonSchema(triageSchema) }),
      maxRetries: 0,
    }).catch((error: unknown) => error as { text?: string });
    const text = 'text' in result ? result.text : undefined;
    expect(JSON.parse(String(text))).toEqual({ severity: 'urgent' });
  });

  it('lets an agent call its tools first and still ends with a structured answer', async () => {
    const readFile = tool({
      description: 'Reads a file',
      inputSchema: z.object({ path: z.string() }),
      execute: async ({ path }) => `contents of ${path}`,
    });
    const first = await generateText({
      model: client.model(sim),
      prompt: `${prompt} [[tool:readFile {"path":"src/auth/login.ts"}]]`,
      tools: { readFile },
      output,
      maxRetries: 0,
    });
    expect(first.toolCalls.map((call) => call.toolName)).toEqual(['readFile']);
  });
});
