import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryFromYaml, runAgent } from '../../src/agents/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';

/** An agent's model preferences reach the real router: its provider, model and its own fallback order. */
function agent(name: string, preferences: string): string {
  return `name: ${name}
displayName: ${name}
role: test agent
team: engineering
description: preferences test
systemPrompt: '${'You are a specialist who answers briefly and checks what it says before it says it. '.repeat(3)}'
specializations: [tests]
capabilities:
  - name: Tests
    confidence: 0.5
    keywords: [tests]
preferences:
${preferences}
`;
}

const registry = registryFromYaml({
  'gemini.yaml': agent('gemini-fan', '  provider: simulator-gemini\n  temperature: 0'),
  'fallback.yaml': agent(
    'careful',
    '  provider: nowhere\n  fallbackProviders: [also-nowhere, simulator-openai]\n  model: imaginary-model',
  ),
  'lost.yaml': agent('lost', '  provider: nowhere\n  fallbackProviders: [also-nowhere]'),
});

let configured: ConfiguredRouter;
let workspace: string;
beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ax-prefs-')));
  configured = await createProviderRouterFromConfig({ cwd: workspace, env: {}, simulator: 'always' });
});
afterAll(async () => {
  await configured?.close();
});

const run = (name: string) =>
  runAgent({
    agent: name,
    task: 'Say hello',
    client: configured.router,
    registry,
    workspace,
    permissions: 'read-only',
  });

describe('model preferences', () => {
  it('sends the request to the preferred provider', async () => {
    expect((await run('gemini-fan')).provider).toBe('simulator-gemini');
  });

  it('follows the profile’s own fallback order when the preferred providers are not configured', async () => {
    const result = await run('careful');
    expect(result.provider).toBe('simulator-openai');
    expect(result.model).not.toBe('imaginary-model');
  });

  it('fails with the last provider’s error when every listed provider fails', async () => {
    await expect(run('lost')).rejects.toThrow(/also-nowhere/);
  });
});
