import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFeatureEnabled, resolveEffectiveConfig } from './effective-config.js';
import { userConfigPath } from './user-config-path.js';

function setup(project?: unknown, user?: unknown) {
  const root = mkdtempSync(join(tmpdir(), 'ax-effective-'));
  const cwd = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(join(home, '.automatosx'), { recursive: true });
  if (project !== undefined) writeFileSync(join(cwd, 'automatosx.config.json'), JSON.stringify(project));
  if (user !== undefined) writeFileSync(join(home, '.automatosx', 'config.json'), JSON.stringify(user));
  return { cwd, home };
}

describe('resolveEffectiveConfig', () => {
  it('takes each setting from flag, then environment, then project file, then user file, then default', () => {
    const { cwd, home } = setup(
      { logging: { level: 'info' }, workflows: { maxConcurrent: 3 } },
      {
        logging: { level: 'error', file: 'user.log' },
        workflows: { maxConcurrent: 7 },
        telemetry: { enabled: true },
      },
    );
    const config = resolveEffectiveConfig({
      cwd,
      home,
      env: { LOG_LEVEL: 'debug', MAX_CONCURRENT_WORKFLOWS: '5' },
      flags: { databasePath: 'flag.db', maxConcurrentWorkflows: undefined },
    });
    const { settings } = config;
    expect(settings.databasePath).toEqual({ value: 'flag.db', source: 'flag', origin: '--db' });
    expect(settings.logLevel).toEqual({ value: 'debug', source: 'env', origin: 'LOG_LEVEL' });
    expect(settings.maxConcurrentWorkflows).toMatchObject({ value: 5, source: 'env' });
    expect(settings.logFile).toMatchObject({ value: 'user.log', source: 'user' });
    expect(settings.telemetry).toMatchObject({ value: true, source: 'user' });
    expect(settings.checkpointInterval).toEqual({ value: 1, source: 'default', origin: 'default' });
    expect(config.profile).toEqual({ value: 'development', source: 'default', origin: 'default' });

    const withoutEnv = resolveEffectiveConfig({ cwd, home, env: {} });
    expect(withoutEnv.settings.logLevel).toMatchObject({ value: 'info', source: 'project' });
    expect(withoutEnv.settings.logLevel.origin).toBe(join(cwd, 'automatosx.config.json'));
    expect(withoutEnv.settings.databasePath).toMatchObject({
      value: '.automatosx/automatosx.db',
      source: 'default',
    });
    const fromEnv = resolveEffectiveConfig({ cwd, home, env: { DATABASE_PATH: '/data/ax.db' } });
    expect(fromEnv.settings.databasePath).toEqual({
      value: '/data/ax.db',
      source: 'env',
      origin: 'DATABASE_PATH',
    });
    expect(withoutEnv.settings.maxConcurrentWorkflows).toMatchObject({ value: 3, source: 'project' });
  });

  it('merges the NODE_ENV profile over each file, field by field', () => {
    const { cwd, home } = setup({
      logging: { level: 'debug', file: 'ax.log' },
      features: { fastPath: false, audit: true },
      profiles: { production: { logging: { level: 'warn' }, features: { fastPath: true } } },
    });
    const production = resolveEffectiveConfig({ cwd, home, env: { NODE_ENV: 'production' } });
    expect(production.profile).toMatchObject({ value: 'production', source: 'env' });
    expect(production.settings.logLevel).toMatchObject({ value: 'warn', source: 'project' });
    expect(production.settings.logLevel.origin).toMatch(/\(profile production\)$/);
    expect(production.settings.logFile.value).toBe('ax.log');
    expect(isFeatureEnabled(production, 'fastPath')).toBe(true);
    expect(isFeatureEnabled(production, 'audit')).toBe(true);
    expect(production.features.fastPath?.origin).toMatch(/\(profile production\)$/);
    expect(production.features.audit?.origin).toBe(join(cwd, 'automatosx.config.json'));
    expect(production.settings.logFile.origin).toBe(join(cwd, 'automatosx.config.json'));
    const test = resolveEffectiveConfig({ cwd, home, env: { NODE_ENV: 'test' } });
    expect(test.settings.logLevel.value).toBe('debug');
    expect(isFeatureEnabled(test, 'fastPath')).toBe(false);
    expect(isFeatureEnabled(test, 'never-mentioned')).toBe(false);
  });

  it('merges feature flags name by name, the project file over the user file', () => {
    const { cwd, home } = setup(
      { features: { a: false } },
      { features: { a: true, b: true }, profiles: { production: { features: { b: false, c: true } } } },
    );
    const config = resolveEffectiveConfig({ cwd, home, env: {} });
    expect(config.features.a).toMatchObject({ value: false, source: 'project' });
    expect(config.features.b).toMatchObject({ value: true, source: 'user' });
    const production = resolveEffectiveConfig({ cwd, home, env: { NODE_ENV: 'production' } });
    expect(production.features.b).toMatchObject({ value: false, source: 'user' });
    expect(production.features.b?.origin).toMatch(/config\.json \(profile production\)$/);
    expect(isFeatureEnabled(production, 'c')).toBe(true);
  });

  it('reports whether keys are set without ever holding their values', () => {
    const key = 'sk-ant-secret-value-123456';
    const { cwd, home } = setup({
      providers: {
        corp: {
          type: 'openai-compatible',
          baseURL: 'http://127.0.0.1:9/v1',
          defaultModel: 'm',
          apiKeyEnv: 'CORP_KEY',
        },
      },
    });
    const config = resolveEffectiveConfig({ cwd, home, env: { ANTHROPIC_API_KEY: key, GEMINI_API_KEY: '' } });
    expect(JSON.stringify(config)).not.toContain(key);
    expect(config.secrets).toEqual([
      { name: 'anthropic', set: true, description: 'set (from ANTHROPIC_API_KEY)' },
      {
        name: 'google',
        set: false,
        description: 'not set (GOOGLE_API_KEY or GEMINI_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY)',
      },
      { name: 'openai', set: false, description: 'not set (OPENAI_API_KEY)' },
      { name: 'providers.corp', set: false, description: 'not set (CORP_KEY)' },
    ]);
  });

  it('names the variable or file at fault', () => {
    const clean = setup();
    expect(() => resolveEffectiveConfig({ ...clean, env: { MAX_CONCURRENT_WORKFLOWS: 'many' } })).toThrow(
      /MAX_CONCURRENT_WORKFLOWS=many: expected a positive integer/,
    );
    expect(() => resolveEffectiveConfig({ ...clean, env: { ENABLE_TELEMETRY: 'maybe' } })).toThrow(
      /ENABLE_TELEMETRY=maybe: expected true or false/,
    );
    const broken = setup(undefined, { logging: { level: 'loud' } });
    expect(() => resolveEffectiveConfig({ ...broken, env: {} })).toThrow(
      /config\.json:\d+:\d+: logging\.level/,
    );
  });

  it('finds the user file under XDG_CONFIG_HOME when it is set', () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: '/x/conf' }, '/home/u')).toBe('/x/conf/automatosx/config.json');
    expect(userConfigPath({}, '/home/u')).toBe('/home/u/.automatosx/config.json');
  });
});
