import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import { parseFaultSpec } from './parse-fault-spec.js';
import { parseSimulatorConfig } from './simulator-config.js';

describe('parseFaultSpec', () => {
  it('reads provider, kind, when and options', () => {
    expect(parseFaultSpec('openai:rate-limit:1,2:retry=3')).toEqual({
      provider: 'openai',
      fault: 'rate-limit',
      on: { requests: [1, 2] },
      retryAfterSeconds: 3,
    });
    expect(parseFaultSpec('*:unavailable:2-4')).toEqual({ fault: 'unavailable', on: { from: 2, to: 4 } });
    expect(parseFaultSpec('gemini:stream-cut:p=0.3:after=5:times=2')).toEqual({
      provider: 'gemini',
      fault: 'stream-cut',
      on: { probability: 0.3 },
      afterTokens: 5,
      times: 2,
    });
    expect(parseFaultSpec('lm-studio:server-error:every=2')).toEqual({
      provider: 'lm-studio',
      fault: 'server-error',
      on: { every: 2 },
    });
  });

  it('explains mistakes with the notation and a suggestion', () => {
    expect(() => parseFaultSpec('openai')).toThrow(InvalidInputError);
    expect(() => parseFaultSpec('openai:rate-limt')).toThrow(/Did you mean "rate-limit"/);
    expect(() => parseFaultSpec('openai:rate-limit:soon')).toThrow(/Cannot read "soon".*provider:kind/);
    expect(() => parseFaultSpec('openai:rate-limit:retry=x')).toThrow(/needs a number/);
    expect(() => parseFaultSpec('openai:rate-limit:wait=3')).toThrow(/Unknown key "wait"/);
  });
});

describe('parseSimulatorConfig', () => {
  it('accepts the options, faults and script', () => {
    expect(
      parseSimulatorConfig({
        port: 9000,
        latencyMs: 10,
        faults: [{ provider: 'openai', fault: 'rate-limit', on: { requests: [1] }, retryAfterMs: 1500 }],
        script: [{ match: 'deploy', toolCall: { name: 'bash', input: { cmd: 'ls' } } }],
      }),
    ).toEqual({
      port: 9000,
      latencyMs: 10,
      faults: [{ provider: 'openai', fault: 'rate-limit', on: { requests: [1] }, retryAfterMs: 1500 }],
      script: [{ match: 'deploy', toolCall: { name: 'bash', input: { cmd: 'ls' } } }],
    });
  });

  it('names the path of each problem', () => {
    expect(() =>
      parseSimulatorConfig({ port: -1, faults: [{ fault: 'explode' }], extra: true }, 'sim.json'),
    ).toThrow(/sim\.json is invalid:[\s\S]*port[\s\S]*faults\.0\.fault/);
  });
});
