import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProviderRouterFromConfig,
  type ModelRequest,
  type ModelStreamEvent,
  ProviderNotConfiguredError,
} from '../../src/providers/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

const request: ModelRequest = { messages: [{ role: 'user', content: 'Write a haiku about retries' }] };
const emptyDir = () => mkdtempSync(join(tmpdir(), 'ax-providers-'));

let external: Simulator;
beforeAll(async () => {
  external = await createSimulator();
});
afterAll(() => external.close());

describe('createProviderRouterFromConfig', () => {
  it('with no keys, serves from the in-process simulator and says so; a pinned vendor gets its simulated twin', async () => {
    const configured = await createProviderRouterFromConfig({ cwd: emptyDir(), env: {} });
    try {
      expect(configured.simulatedOnly).toBe(true);
      expect(configured.notices.join('\n')).toMatch(/no provider keys found .* every answer is simulated/);
      const response = await configured.router.generate(request);
      expect(response).toMatchObject({ provider: 'simulator-claude', simulated: true });
      expect(response.text.startsWith('[simulated]')).toBe(true);
      const status = configured.router.status();
      expect(status.find((s) => s.name === 'claude')).toMatchObject({
        usable: false,
        reason: 'no API key: set ANTHROPIC_API_KEY',
      });
      expect(status.find((s) => s.name === 'gemini')?.reason).toMatch(/GOOGLE_API_KEY or GEMINI_API_KEY/);
      for (const [vendor, twin] of [
        ['claude', 'simulator-claude'],
        ['gemini', 'simulator-gemini'],
        ['openai', 'simulator-openai'],
      ]) {
        const pinned = await configured.router.generate({ ...request, provider: vendor, fallback: false });
        expect(pinned).toMatchObject({ provider: twin, simulated: true });
      }
    } finally {
      await configured.close();
    }
  });

  it('with a key, uses only the keyed provider; an answer carrying the simulator header is still labelled', async () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'automatosx.config.json'),
      JSON.stringify({ providers: { claude: { baseURL: external.baseURL('anthropic'), maxRetries: 0 } } }),
    );
    const configured = await createProviderRouterFromConfig({
      cwd,
      env: { ANTHROPIC_API_KEY: 'sk-ant-secret-value' },
    });
    try {
      expect(configured.simulator).toBeUndefined();
      expect(configured.simulatedOnly).toBe(false);
      expect(configured.notices).toEqual([]);
      expect(configured.router.providerNames).toEqual(['claude']);
      expect(configured.router.status()[0]).toMatchObject({ priority: 1, model: 'claude-sonnet-4-5' });
      const response = await configured.router.generate(request);
      expect(response).toMatchObject({ provider: 'claude', simulated: true });
      expect(JSON.stringify(configured.router.status())).not.toContain('sk-ant-secret-value');
      const [health] = await configured.router.healthCheck('claude');
      expect(health).toMatchObject({ provider: 'claude', ok: true });
      // Some key is set: a pinned provider without one is an error, never silently simulated.
      const pinned = await configured.router
        .generate({ ...request, provider: 'gemini' })
        .catch((e: unknown) => e);
      expect(ProviderNotConfiguredError.isInstance(pinned)).toBe(true);
      expect((pinned as Error).message).toMatch(/^provider gemini is not configured: no API key/);
    } finally {
      await configured.close();
    }
  });

  it('caches temperature-0 answers in SQLite, replays streams from it, and reports the hit rate', async () => {
    const cwd = emptyDir();
    const databasePath = join(cwd, '.automatosx', 'automatosx.db');
    const cold = { ...request, temperature: 0 };
    const first = await createProviderRouterFromConfig({ cwd, env: {}, databasePath });
    const hits: string[] = [];
    first.router.on('cache-hit', (event) => hits.push(event.provider));
    let miss: Awaited<ReturnType<typeof first.router.generate>>;
    try {
      miss = await first.router.generate(cold);
      const hit = await first.router.generate(cold);
      expect(miss.cached).toBe(false);
      expect(hit).toMatchObject({
        cached: true,
        text: miss.text,
        usage: { inputTokens: 0, outputTokens: 0 },
        costUsd: 0,
      });
      expect(hits).toEqual(['simulator-claude']);
      expect(first.router.cacheStats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, entries: 1 });
      const uncached = await first.router.generate({ ...request, temperature: 0.7 });
      expect(uncached.cached).toBe(false);
    } finally {
      await first.close();
    }
    const second = await createProviderRouterFromConfig({ cwd, env: {}, databasePath });
    try {
      const events: ModelStreamEvent[] = [];
      for await (const event of second.router.stream(cold)) events.push(event);
      const finish = events.at(-1);
      expect(finish?.type === 'finish' && finish.response.cached).toBe(true);
      expect(
        events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : '')),
      ).toEqual([miss.text]);
      expect(second.simulator && Object.values(second.simulator.stats()).every((s) => s.requests === 0)).toBe(
        true,
      );
    } finally {
      await second.close();
    }
  });

  it('builds simulator entries with scripted faults and CLI entries from the config file', async () => {
    const cwd = emptyDir();
    const fake = join(import.meta.dirname, 'fixtures', 'fake-model-cli.mjs');
    writeFileSync(
      join(cwd, 'automatosx.config.json'),
      JSON.stringify({
        providers: {
          claude: { enabled: false },
          'flaky-sim': {
            type: 'simulator',
            protocol: 'anthropic',
            priority: 1,
            maxRetries: 0,
            faults: [{ provider: 'anthropic', fault: 'server-error' }],
          },
          'local-cli': {
            type: 'cli',
            command: process.execPath,
            args: [fake, 'echo', '{model}'],
            priority: 2,
          },
        },
      }),
    );
    const configured = await createProviderRouterFromConfig({ cwd, env: {} });
    try {
      expect(configured.notices).toEqual([]);
      expect(configured.router.providerNames).toEqual(['flaky-sim', 'local-cli']);
      const response = await configured.router.generate(request);
      expect(response).toMatchObject({ provider: 'local-cli', simulated: false, model: process.execPath });
      expect(response.text).toBe(`answer from fake cli (${process.execPath}): WRITE A HAIKU ABOUT RETRIES`);
      expect(response.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
        'flaky-sim:error',
        'local-cli:success',
      ]);
      expect(configured.router.status().find((s) => s.name === 'claude')?.reason).toMatch(/disabled/);
    } finally {
      await configured.close();
    }
  });

  it('uses a running ax sim given by url, and enables the cache from the config file', async () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, 'automatosx.config.json'),
      JSON.stringify({
        providers: { shared: { type: 'simulator', protocol: 'gemini', url: external.url, priority: 1 } },
        router: { cache: { enabled: true, ttlSeconds: 60 } },
      }),
    );
    external.reset();
    const configured = await createProviderRouterFromConfig({ cwd, env: {} });
    try {
      expect(configured.simulator).toBeUndefined();
      const response = await configured.router.generate({ ...request, temperature: 0 });
      expect(response).toMatchObject({ provider: 'shared', simulated: true, model: 'gemini-2.5-flash' });
      expect(external.stats().gemini?.requests).toBe(1);
      expect((await configured.router.generate({ ...request, temperature: 0 })).cached).toBe(true);
      expect(existsSync(join(cwd, '.automatosx', 'automatosx.db'))).toBe(true);
    } finally {
      await configured.close();
    }
  });
});
