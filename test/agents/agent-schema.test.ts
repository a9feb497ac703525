import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentJsonSchema } from '../../scripts/generate-agent-schema.mjs';

describe('schema/agent.schema.json', () => {
  it('is the one generated from the zod profile schema (run scripts/generate-agent-schema.mjs to refresh)', async () => {
    const committed = readFileSync(new URL('../../schema/agent.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(await agentJsonSchema());
  });
});
