import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderNotConfiguredError } from '../providers/index.js';
import { providersCommand } from './providers-command.js';

async function ax(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = mkdtempSync(join(tmpdir(), 'ax-prov-')),
) {
  let output = '';
  const command = providersCommand({ env, cwd, write: (text) => (output += text) });
  command.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return output;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('ax providers', () => {
  it('list: without keys shows the vendors as not configured and the simulator as serving, labelled', async () => {
    const output = await ax(['list']);
    expect(output).toMatch(/^note: no provider keys found/m);
    expect(output).toMatch(
      /claude\s+anthropic\s+claude-sonnet-4-5\s+1\s+no: no API key: set ANTHROPIC_API_KEY/,
    );
    expect(output).toMatch(
      /simulator-claude \(simulated\)\s+anthropic\s+claude-sonnet-4-5\s+1\s+yes\s+ok [\d.]+ ms\s+closed/,
    );
    const json = JSON.parse(await ax(['list', '--json']));
    expect(json.simulatedOnly).toBe(true);
    expect(json.providers.find((p: { name: string }) => p.name === 'simulator-gemini')).toMatchObject({
      usable: true,
      healthy: true,
      simulated: true,
      price: { inputPerMillion: 0.3, outputPerMillion: 2.5 },
    });
  });

  it('test: one round trip printing provider, model, latency, usage and (simulated)', async () => {
    const output = await ax(['test', 'simulator-gemini', '--prompt', 'Say hello']);
    expect(output).toMatch(/^provider: simulator-gemini \(simulated\)$/m);
    expect(output).toMatch(/^model: {4}gemini-2\.5-flash$/m);
    expect(output).toMatch(/^latency: {2}[\d.]+ ms \(1 attempt\)$/m);
    expect(output).toMatch(/^usage: {4}\d+ input \+ \d+ output tokens$/m);
    expect(output).toMatch(/nothing was billed/);
    expect(output).toMatch(/^answer \(simulated\): \[simulated\]/m);
    const json = JSON.parse(await ax(['test', '--json']));
    expect(json).toMatchObject({
      provider: 'simulator-claude',
      simulated: true,
      attempts: [{ outcome: 'success' }],
    });
  });

  it('test: with no key at all a vendor is answered by its simulated twin, labelled; with another key it is refused (exit 2)', async () => {
    const simulated = JSON.parse(await ax(['test', 'claude', '--json']));
    expect(simulated).toMatchObject({ provider: 'simulator-claude', simulated: true });
    const error = await ax(['test', 'gemini'], { ANTHROPIC_API_KEY: 'sk-ant-some-key' }).catch(
      (e: unknown) => e,
    );
    expect(ProviderNotConfiguredError.isInstance(error)).toBe(true);
    expect((error as ProviderNotConfiguredError).kind).toBe('invalid-input');
  });

  it('health: exits 1 when a configured provider does not answer, and never prints keys', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ax-prov-'));
    writeFileSync(
      join(cwd, 'automatosx.config.json'),
      JSON.stringify({ providers: { claude: { baseURL: 'http://127.0.0.1:9/v1' } } }),
    );
    const output = await ax(['health', '--json'], { ANTHROPIC_API_KEY: 'sk-ant-do-not-print' }, cwd);
    const json = JSON.parse(output);
    expect(json.results).toEqual([expect.objectContaining({ provider: 'claude', ok: false })]);
    expect(json.results[0].detail).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9\/v1/);
    expect(process.exitCode).toBe(1);
    expect(output).not.toContain('sk-ant-do-not-print');
  });
});
