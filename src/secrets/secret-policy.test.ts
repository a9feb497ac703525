import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/index.js';
import { createMemory } from '../memory/index.js';
import {
  createStreamingRedactor,
  isSecretName,
  redactString,
  redactStrings,
  registerSecretValues,
  scrubEnvironment,
} from './index.js';

describe('one secret policy', () => {
  // Finding 3 of issue 11: the scrubber removed these from agents but the logger did not redact them.
  it('the names the environment scrubber removes are the names the logger redacts', () => {
    const env = {
      STRIPE_KEY: 'stripe-value-123456',
      GITHUB_PAT: 'pat-value-1234567',
      DATABASE_URL: 'postgres://app@db/orders',
      AWS_SECRET_ACCESS_KEY: 'aws-value-1234567',
      PATH: '/usr/bin',
      AX_IDEMPOTENCY_KEY: 'ex-1:lint',
    };
    expect(scrubEnvironment(env)).toEqual({ PATH: '/usr/bin', AX_IDEMPOTENCY_KEY: 'ex-1:lint' });
    let line = '';
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          line += String(chunk);
          done();
        },
      }),
    });
    logger.info(env, 'configuration');
    for (const name of ['STRIPE_KEY', 'GITHUB_PAT', 'DATABASE_URL', 'AWS_SECRET_ACCESS_KEY']) {
      expect(JSON.parse(line)[name], name).toBe('[REDACTED]');
    }
    expect(JSON.parse(line).AX_IDEMPOTENCY_KEY).toBe('ex-1:lint');
  });

  it('tells secret names from names that only look alike', () => {
    for (const name of [
      'apiKey',
      'OPENAI_API_KEY',
      'accessToken',
      'token',
      'sessionId',
      'privateKey',
      'NPM_AUTH',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['key', 'inputTokens', 'maxTokens', 'idempotencyKey', 'apiKeyEnv', 'tokenizer']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('redacts every credential shape it knows, whatever the case of the scheme word', () => {
    const shapes = [
      'sk-ant-api03-abcdefgh12345678',
      'sk-proj-abcdefghijklmnop1234',
      'sk-abcdefghijklmnop1234',
      'AIzaSyA1234567890abcdefghijk',
      'ghp_abcdefghijklmnopqrstuv12',
      'github_pat_abcdefghijklmnopqrstuv',
      'xoxb-1234567890-abcdef',
      'AKIAABCDEFGHIJKLMNOP',
    ];
    for (const shape of shapes) expect(redactString(`got ${shape} here`), shape).toBe('got [REDACTED] here');
    expect(redactString('auth: bearer abcdefgh.ijk')).toBe('auth: bearer [REDACTED]');
    expect(redactString('auth: BASIC dXNlcjpwYXNz')).toBe('auth: BASIC [REDACTED]');
    expect(redactString('step_completed')).toBe('step_completed');
  });

  it('redacts strings deep in a record on its way to storage, without touching the original', () => {
    const clean = { type: 'event', event: { seq: 3, stepKey: 'build', data: { output: null, list: ['a'] } } };
    expect(redactStrings(clean)).toBe(clean);
    const leaky = {
      type: 'event',
      event: { seq: 4, data: { list: ['ok', 'key ghp_abcdefghijklmnopqrstuv12'] } },
    };
    const stored = redactStrings(leaky);
    expect(stored).toEqual({ type: 'event', event: { seq: 4, data: { list: ['ok', 'key [REDACTED]'] } } });
    expect(leaky.event.data.list[1]).toBe('key ghp_abcdefghijklmnopqrstuv12');
  });

  it('redacts a registered key, a password in a URL, and a key split across streamed pieces', () => {
    const key = 'cfg-0123456789abcdef';
    registerSecretValues([key]);
    expect(redactString(`Incorrect API key provided: ${key}.`)).toBe(
      'Incorrect API key provided: [REDACTED].',
    );
    expect(redactString('redis://user:hunter2hunter2@cache:6379')).toBe('redis://user:[REDACTED]@cache:6379');
    const stream = createStreamingRedactor();
    const pieces = ['the key is cfg-0123', '456789ab', 'cdef, done'].map((piece) => stream.push(piece));
    expect(pieces.join('') + stream.end()).toBe('the key is [REDACTED], done');
  });

  it('memory refuses text that holds a secret or had one redacted', () => {
    registerSecretValues(['mem-secret-0123456789']);
    const memory = createMemory({ dbPath: ':memory:' });
    expect(() => memory.add({ content: 'the key is mem-secret-0123456789' })).toThrow(/holds a secret/);
    expect(() => memory.add({ content: 'failed: Bearer [REDACTED] was refused' })).toThrow(/holds a secret/);
    expect(memory.add({ content: 'use pnpm, not npm' }).content).toBe('use pnpm, not npm');
  });
});
