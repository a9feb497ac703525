import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { Simulator } from './simulator-options.js';

/** A real AI SDK client pointed at the simulator, as the adapters will build them. Test support only. */
export interface SimClient {
  name: string;
  /** The simulator's stats and fault key for this client. */
  provider: string;
  family: 'anthropic' | 'openai' | 'gemini' | 'compat';
  model(sim: Simulator): LanguageModel;
}

export const simClients: readonly SimClient[] = [
  {
    name: 'anthropic messages',
    provider: 'anthropic',
    family: 'anthropic',
    model: (sim) =>
      createAnthropic({ baseURL: sim.baseURL('anthropic'), apiKey: 'test' })('claude-sonnet-4-5'),
  },
  {
    name: 'openai responses',
    provider: 'openai',
    family: 'openai',
    model: (sim) => createOpenAI({ baseURL: sim.baseURL('openai'), apiKey: 'test' })('gpt-4o'),
  },
  {
    name: 'openai chat',
    provider: 'openai',
    family: 'openai',
    model: (sim) => createOpenAI({ baseURL: sim.baseURL('openai'), apiKey: 'test' }).chat('gpt-4o'),
  },
  {
    name: 'gemini',
    provider: 'gemini',
    family: 'gemini',
    model: (sim) =>
      createGoogleGenerativeAI({ baseURL: sim.baseURL('gemini'), apiKey: 'test' })('gemini-2.5-flash'),
  },
  {
    name: 'openai-compatible',
    provider: 'local-llm',
    family: 'compat',
    model: (sim) =>
      createOpenAICompatible({
        name: 'local-llm',
        baseURL: sim.baseURL('compat', 'local-llm'),
        apiKey: 'test',
        includeUsage: true,
      })('llama-3.1-8b'),
  },
];
