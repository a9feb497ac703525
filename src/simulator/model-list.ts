import type { SimProvider } from './simulator-options.js';

/** The cheap `GET …/models` answer an adapter's health check calls, in each provider's list shape. */
export function modelList(family: SimProvider, provider: string): unknown {
  const created = 1_700_000_000;
  switch (family) {
    case 'anthropic':
      return {
        data: [
          {
            type: 'model',
            id: 'claude-simulated',
            display_name: 'Claude (simulated)',
            created_at: '2026-01-01T00:00:00Z',
          },
        ],
        has_more: false,
        first_id: 'claude-simulated',
        last_id: 'claude-simulated',
      };
    case 'gemini':
      return {
        models: [
          {
            name: 'models/gemini-simulated',
            displayName: 'Gemini (simulated)',
            supportedGenerationMethods: ['generateContent', 'streamGenerateContent'],
          },
        ],
      };
    case 'openai':
    case 'compat':
      return {
        object: 'list',
        data: [
          {
            id: family === 'openai' ? 'gpt-simulated' : `${provider}-simulated`,
            object: 'model',
            created,
            owned_by: 'automatosx-simulator',
          },
        ],
      };
  }
}
