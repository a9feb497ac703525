import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

/** A destination that keeps the lines pino writes, so the test reads exactly what a file would hold. */
function collectingDestination() {
  const lines: string[] = [];
  return {
    lines,
    stream: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('never writes an API key, token or authorization header, wherever it is put in a log call', () => {
    const key = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
    const opaque = 'opaque-secret-value-42';
    const out = collectingDestination();
    const logger = createLogger({ level: 'debug', destination: out.stream, secrets: [opaque] });
    logger.info({ apiKey: key, provider: 'claude' }, 'calling provider');
    logger.info({ request: { headers: { Authorization: `Bearer ${opaque}`, 'x-api-key': key } } }, 'request');
    logger.warn(`retrying with key ${key} after 429`);
    logger.error({ err: new Error(`auth failed for ${opaque}`) }, 'provider error');
    logger.debug({ nested: [{ config: { token: 'tok-123456789' } }] }, 'nested');
    const text = out.lines.join('');
    expect(text).not.toContain(key);
    expect(text).not.toContain(opaque);
    expect(text).not.toContain('tok-123456789');
    expect(text).not.toContain('abcdefghijklmnop');
    const records = out.records();
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({
      level: 'info',
      apiKey: '[REDACTED]',
      provider: 'claude',
      msg: 'calling provider',
    });
    expect(records[2]?.msg).toBe('retrying with key [REDACTED] after 429');
    expect(JSON.stringify(records[3])).toContain('auth failed for [REDACTED]');
  });

  it('leaves ordinary words alone: a step named like a key prefix is not a key', () => {
    const out = collectingDestination();
    const logger = createLogger({ level: 'info', destination: out.stream, secrets: [] });
    logger.info(
      { step: 'risk-assessment-for-the-nightly-build', tokens: 1200 },
      'task-runner-finished-all-its-work',
    );
    expect(out.records()[0]).toMatchObject({
      step: 'risk-assessment-for-the-nightly-build',
      msg: 'task-runner-finished-all-its-work',
    });
  });

  it('writes nothing below its level and refuses an unknown level', () => {
    const out = collectingDestination();
    const logger = createLogger({ level: 'warn', destination: out.stream, secrets: [] });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(out.records().map((record) => record.msg)).toEqual(['shown']);
    expect(() => createLogger({ level: 'loud' as 'warn' })).toThrow(/log level 'loud' is not one of/);
  });

  it('appends JSON lines to a file, creating its folder', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ax-log-')), 'logs', 'ax.log');
    createLogger({ level: 'info', destination: file, secrets: [] }).info({ n: 1 }, 'first');
    createLogger({ level: 'info', destination: file, secrets: [] }).info({ n: 2 }, 'second');
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; n: number; time: string });
    expect(records.map((record) => [record.msg, record.n])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    expect(records[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
