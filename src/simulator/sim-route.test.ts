import { describe, expect, it } from 'vitest';
import { matchRoute } from './sim-route.js';

describe('matchRoute', () => {
  it('maps each provider path to its API', () => {
    expect(matchRoute('POST', '/anthropic/v1/messages')).toMatchObject({
      kind: 'model',
      api: 'messages',
      provider: 'anthropic',
    });
    expect(matchRoute('POST', '/openai/v1/responses')).toMatchObject({ kind: 'model', api: 'responses' });
    expect(matchRoute('POST', '/openai/v1/chat/completions')).toMatchObject({ kind: 'model', api: 'chat' });
    expect(matchRoute('POST', '/compat/lm-studio/v1/chat/completions')).toMatchObject({
      kind: 'model',
      family: 'compat',
      provider: 'lm-studio',
    });
    expect(matchRoute('POST', '/gemini/v1beta/models/gemini-2.5-pro:streamGenerateContent')).toMatchObject({
      kind: 'model',
      model: 'gemini-2.5-pro',
      stream: true,
    });
    expect(matchRoute('POST', '/gemini/v1beta/models/gemini-2.5-pro:generateContent')).toMatchObject({
      stream: false,
    });
  });

  it('separates health, admin and unknown routes', () => {
    expect(matchRoute('GET', '/compat/ollama/v1/models')).toEqual({
      kind: 'health',
      family: 'compat',
      provider: 'ollama',
    });
    expect(matchRoute('DELETE', '/_admin/faults')).toEqual({ kind: 'admin', resource: 'faults' });
    expect(matchRoute('GET', '/anthropic/v1/messages')).toMatchObject({
      kind: 'not-found',
      family: 'anthropic',
    });
    expect(matchRoute('POST', '/compat/bad name/v1/chat/completions')).toEqual({ kind: 'not-found' });
    expect(matchRoute('GET', '/')).toEqual({ kind: 'not-found' });
  });
});
