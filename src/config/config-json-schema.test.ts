import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './config-json-schema.js';

describe('configJsonSchema', () => {
  it('describes every provider entry type and the seed’s fields for editors', () => {
    const text = JSON.stringify(configJsonSchema());
    for (const field of [
      'rateLimitPerMinute',
      'defaultModel',
      'maxRetries',
      'apiKeyEnv',
      'command',
      'protocol',
    ]) {
      expect(text).toContain(`"${field}"`);
    }
    for (const type of ['anthropic', 'google', 'openai-compatible', 'cli', 'simulator'])
      expect(text).toContain(`"${type}"`);
  });

  it('lets the seed’s example omit type for claude, gemini and openai', () => {
    const schema = configJsonSchema() as {
      properties: { providers: { properties: Record<string, { anyOf?: unknown[]; required?: string[] }> } };
    };
    const claude = JSON.stringify(schema.properties.providers.properties.claude);
    expect(claude).toContain('"anthropic"');
    expect(claude).not.toMatch(/"required":\["type"/);
  });
});
