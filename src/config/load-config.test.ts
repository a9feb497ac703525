import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './load-config.js';

describe('automatosx.config.json', () => {
  it('accepts the seed’s example shape, filling the type from the provider name', () => {
    const config = parseConfig(
      JSON.stringify({
        providers: {
          claude: {
            enabled: true,
            priority: 1,
            defaultModel: 'claude-sonnet-4-5-20250929',
            maxRetries: 3,
            timeout: 60000,
            rateLimitPerMinute: 50,
          },
          gemini: {
            enabled: true,
            priority: 2,
            defaultModel: 'gemini-2.0-flash-exp',
            maxRetries: 3,
            timeout: 60000,
          },
          openai: { enabled: true, priority: 3, defaultModel: 'gpt-4o', maxRetries: 2, timeout: 60000 },
          ollama: {
            type: 'openai-compatible',
            baseURL: 'http://127.0.0.1:11434/v1',
            defaultModel: 'llama3.1',
          },
          'claude-code': { type: 'cli', command: 'claude', args: ['-p'] },
          sim: { type: 'simulator', protocol: 'anthropic' },
        },
        workflows: { concurrency: 4 },
      }),
      'automatosx.config.json',
    );
    expect(config.providers.claude).toMatchObject({ type: 'anthropic', rateLimitPerMinute: 50 });
    expect(config.providers.gemini?.type).toBe('google');
    expect(config.providers['claude-code']).toMatchObject({ type: 'cli', command: 'claude', enabled: true });
    expect((config as Record<string, unknown>).workflows).toEqual({ concurrency: 4 });
  });

  it('names the file and the field, and suggests the nearest field name', () => {
    expect(() => parseConfig('{"providers":{"claude":{"priorty":1}}}', 'cfg.json')).toThrow(
      /cfg\.json:\d+:\d+: providers\.claude\.priorty: unknown field \(did you mean priority\?\)/,
    );
    expect(() => parseConfig('{"providers":{"claude":{"timeout":"60s"}}}', 'cfg.json')).toThrow(
      /cfg\.json:1:\d+: providers\.claude\.timeout: /,
    );
    // A misspelt top-level section is reported with the nearest known name, at its own position.
    expect(() => parseConfig('{\n  "providres": {}\n}', 'cfg.json')).toThrow(
      /cfg\.json:2:3: providres: unknown field \(did you mean providers\?\)/,
    );
    expect(() => parseConfig('{"providers":{"mystery":{"enabled":true}}}', 'cfg.json')).toThrow(
      /cfg\.json:1:\d+: providers\.mystery\.type: set "type" to one of/,
    );
  });

  it('reports a JSON syntax error with its line and column', () => {
    expect(() => parseConfig('{\n  "providers": {,}\n}', 'cfg.json')).toThrow(
      /cfg\.json:2:\d+: not valid JSON/,
    );
  });

  it('uses defaults when there is no file, and refuses a named file that is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-config-'));
    expect(loadConfig({ cwd: dir })).toMatchObject({ path: undefined, config: { providers: {} } });
    expect(() => loadConfig({ cwd: dir, path: 'nope.json' })).toThrow(/cannot read config file/);
    writeFileSync(join(dir, 'automatosx.config.json'), '{"providers":{"openai":{"priority":7}}}');
    expect(loadConfig({ cwd: dir }).config.providers.openai?.priority).toBe(7);
  });
});
