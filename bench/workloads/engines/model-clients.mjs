// Each framework's own model client, pointed at the simulator's OpenAI-compatible chat endpoint:
//  - ax: the provider router (createSdkAdapter kind 'openai-compatible', one provider, default retries);
//  - LangGraph: ChatOpenAI from @langchain/openai with configuration.baseURL (LangChain OpenAI docs);
//  - Mastra: an Agent whose model is the OpenAI-compatible config { id, url, apiKey } (Mastra "Models" docs),
//    maxRetries 2 as in the Agent reference example.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../peers/package.json', import.meta.url));
const prompt = (key) => [{ role: 'user', content: `Summarise the state of step ${key} in one sentence.` }];

export async function modelCall(engine, baseURL) {
  if (engine === 'ax') {
    const { ProviderRouter, createSdkAdapter } = await import('../../../dist/index.js');
    const router = new ProviderRouter({
      providers: [
        {
          adapter: createSdkAdapter({
            name: 'sim',
            kind: 'openai-compatible',
            defaultModel: 'gpt-4o',
            apiKey: 'bench',
            baseURL,
            simulated: true,
          }),
          priority: 1,
        },
      ],
    });
    return async (key) => (await router.generate({ messages: prompt(key) })).text;
  }
  if (engine.startsWith('langgraph')) {
    const { ChatOpenAI } = await import(require.resolve('@langchain/openai'));
    const model = new ChatOpenAI({ model: 'gpt-4o', apiKey: 'bench', configuration: { baseURL } });
    return async (key) => (await model.invoke(prompt(key))).content;
  }
  if (engine === 'mastra') {
    const { Agent } = await import(require.resolve('@mastra/core/agent'));
    const agent = new Agent({
      id: 'bench',
      name: 'bench',
      instructions: 'Answer in one sentence.',
      model: { id: 'sim/gpt-4o', url: baseURL, apiKey: 'bench', api: 'chat' },
      // As in the Agent docs example; without it one dropped keep-alive socket fails the whole run.
      maxRetries: 2,
    });
    return async (key) => (await agent.generate(prompt(key))).text;
  }
  throw new Error(`no model client for engine '${engine}'`);
}
