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
});
