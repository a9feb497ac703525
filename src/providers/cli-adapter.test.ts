import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliAdapter, renderPrompt } from './cli-adapter.js';
import { ProviderAuthError, ProviderNotConfiguredError, ProviderServerError } from './provider-errors.js';

// The fixture is a test double for an external CLI program; the adapter under test is real.
const fake = join(import.meta.dirname, '../../test/providers/fixtures/fake-model-cli.mjs');
const call = (signal: AbortSignal) => ({
  model: 'fake-model',
  messages: [{ role: 'user' as const, content: 'review the diff' }],
  signal,
});

function adapter(args: string[], command = process.execPath) {
  return createCliAdapter({
    name: 'fake',
    command,
    args: [fake, ...args],
    defaultModel: 'fake-model',
    killGraceMs: 200,
  });
}

describe('CLI subprocess adapter', () => {
  it('sends the prompt on stdin and returns stdout with estimated usage', async () => {
    const result = await adapter(['echo', '{model}']).generate(call(AbortSignal.timeout(10_000)));
    expect(result.text).toBe('answer from fake cli (fake-model): REVIEW THE DIFF');
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 13 });
  });

  it('streams stdout chunks as they arrive and ends with a finish', async () => {
    const parts = [];
    for await (const part of adapter(['echo']).stream(call(AbortSignal.timeout(10_000))))
      parts.push(part.type);
    expect(parts.filter((type) => type === 'text-delta').length).toBeGreaterThanOrEqual(2);
    expect(parts.at(-1)).toBe('finish');
  });

  it('maps a failing exit to a retryable error and a logged-out CLI to an auth error', async () => {
    const failed = await adapter(['fail'])
      .generate(call(AbortSignal.timeout(10_000)))
      .catch((e: unknown) => e);
    expect(ProviderServerError.isInstance(failed)).toBe(true);
    expect((failed as Error).message).toMatch(/exited with code 3: rate limit reached/);
    const loggedOut = await adapter(['logged-out'])
      .generate(call(AbortSignal.timeout(10_000)))
      .catch((e: unknown) => e);
    expect(ProviderAuthError.isInstance(loggedOut)).toBe(true);
  });

  it('reports a missing command as not configured', async () => {
    const missing = createCliAdapter({ name: 'ghost', command: 'automatosx-no-such-cli', defaultModel: 'x' });
    const error = await missing.generate(call(AbortSignal.timeout(10_000))).catch((e: unknown) => e);
    expect(ProviderNotConfiguredError.isInstance(error)).toBe(true);
    expect((await missing.healthCheck()).ok).toBe(false);
  });

  it('kills the whole process group on abort, grandchildren included', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'ax-cli-')), 'grandchild.pid');
    const controller = new AbortController();
    const pending = adapter(['hang', pidFile]).generate(call(controller.signal));
    let pid = 0;
    for (let i = 0; i < 200 && !pid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pid = Number(readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }) || 0);
    }
    controller.abort(new Error('timeout'));
    await expect(pending).rejects.toThrow('timeout');
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('renders a conversation as labelled sections, a lone user message as itself', () => {
    expect(renderPrompt([{ role: 'user', content: 'hi' }])).toBe('hi');
    expect(
      renderPrompt([
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ]),
    ).toBe('SYSTEM:\nbe brief\n\nUSER:\nhi');
  });
});
