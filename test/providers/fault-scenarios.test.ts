import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AllProvidersFailedError,
  ContentFilterError,
  type ModelRequest,
  type ModelResponse,
  type ModelStreamEvent,
  ProviderOverloadedError,
  type ProviderRouter,
  StreamInterruptedError,
} from '../../src/providers/index.js';
import { createSimulator, type FaultRule, type Simulator } from '../../src/simulator/index.js';
import { simRouter } from './sim-router.test-support.js';

let sim: Simulator;
/** Paced so that a mid-stream fault lands after the client has really received some text. */
let paced: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
  paced = await createSimulator({ tokensPerSecond: 1000 });
});
afterAll(async () => {
  await sim.close();
  await paced.close();
});
beforeEach(() => {
  for (const simulator of [sim, paced]) {
    simulator.reset();
    simulator.clearFaults();
  }
});

const request: ModelRequest = {
  messages: [{ role: 'user', content: 'Summarise the release notes for 2.1' }],
};

/** A clean answer from the same provider: what a faulted request must end up with, billed once. */
async function baseline(provider: 'claude' | 'gemini' | 'openai'): Promise<ModelResponse> {
  const { router } = simRouter(sim);
  const response = await router.generate({ ...request, provider, fallback: false });
  sim.reset();
  return response;
}

function expectBilledOnce(router: ProviderRouter, response: ModelResponse, clean: ModelResponse): void {
  expect(response.usage).toEqual(clean.usage);
  expect(response.usage.outputTokens).toBeGreaterThan(0);
  const total = router.usage().total;
  expect(total).toMatchObject({ requests: 1, ...response.usage, simulatedRequests: 1 });
  expect(total.costUsd).toBeCloseTo(response.costUsd, 12);
}

async function collect(stream: AsyncIterable<ModelStreamEvent>) {
  const events: ModelStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

const text = (events: ModelStreamEvent[]) =>
  events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');

describe('fault scenarios through the real AI SDK clients against the simulator', () => {
  it('429 with Retry-After: waits what the provider said, retries the same provider, bills once', async () => {
    const clean = await baseline('claude');
    sim.setFaults([
      { provider: 'anthropic', on: { requests: [1] }, fault: 'rate-limit', retryAfterSeconds: 2 },
    ]);
    const { router, clock, of } = simRouter(sim);
    const response = await router.generate(request);
    expect(response).toMatchObject({ provider: 'claude', simulated: true });
    expect(response.text.startsWith('[simulated]')).toBe(true);
    expect(response.attempts.map((a) => a.outcome)).toEqual(['error', 'success']);
    expect(response.attempts[0]?.errorCode).toBe('provider-rate-limited');
    expect(clock.sleeps).toEqual([2000]);
    expect(of('error')[0]).toMatchObject({ next: 'retry', delayMs: 2000 });
    expectBilledOnce(router, response, clean);
  });

  it('429 without Retry-After: full-jitter backoff from the injected random source', async () => {
    sim.setFaults([{ provider: 'openai', on: { requests: [1, 2] }, fault: 'rate-limit' }]);
    const { router, clock } = simRouter(sim, { order: ['openai', 'claude'] });
    const response = await router.generate(request);
    expect(response.provider).toBe('openai');
    expect(response.attempts).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('Gemini 429 RetryInfo is honoured like Retry-After', async () => {
    sim.setFaults([{ provider: 'gemini', on: { requests: [1] }, fault: 'rate-limit', retryAfterSeconds: 3 }]);
    const { router, clock } = simRouter(sim, { order: ['gemini'] });
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('a Retry-After longer than the cap fails over at once, without waiting', async () => {
    const clean = await baseline('gemini');
    sim.setFaults([{ provider: 'anthropic', fault: 'rate-limit', retryAfterSeconds: 120 }]);
    const { router, clock, of } = simRouter(sim);
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(clock.sleeps).toEqual([]);
    expect(of('fallback')).toEqual([
      expect.objectContaining({ from: 'claude', to: 'gemini', reason: 'retry-after-exceeds-cap' }),
    ]);
    expectBilledOnce(router, response, clean);
  });

  it('500 then 200: one retry on the same provider', async () => {
    const clean = await baseline('claude');
    sim.setFaults([{ provider: 'anthropic', on: { requests: [1] }, fault: 'server-error' }]);
    const { router } = simRouter(sim);
    const response = await router.generate(request);
    expect(response.provider).toBe('claude');
    expect(response.attempts.map((a) => `${a.provider}:${a.outcome}:${a.errorCode ?? ''}`)).toEqual([
      'claude:error:provider-server-error',
      'claude:success:',
    ]);
    expectBilledOnce(router, response, clean);
  });

  it('503 on every try: maxRetries on the first provider, then the fallback answers', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'unavailable' }]);
    const { router, types } = simRouter(sim, { maxRetries: 2 });
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts.filter((a) => a.provider === 'claude')).toHaveLength(3);
    expect(sim.stats().anthropic?.requests).toBe(3);
    expect(types()).toEqual([
      'routing-decision',
      'attempt',
      'error',
      'attempt',
      'error',
      'attempt',
      'error',
      'fallback',
      'attempt',
      'success',
    ]);
  });

  it('529 overloaded with fallback: false ends in a typed ProviderOverloadedError', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'overloaded' }]);
    const { router } = simRouter(sim, { maxRetries: 1 });
    const error = await router.generate({ ...request, fallback: false }).catch((e: unknown) => e);
    expect(ProviderOverloadedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'claude', statusCode: 529, isRetryable: true });
    expect(router.usage().total.requests).toBe(0);
  });

  it('connection reset fails over to a healthy provider', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'connection-reset' }]);
    const { router } = simRouter(sim, { maxRetries: 0 });
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts[0]).toMatchObject({
      provider: 'claude',
      errorCode: 'provider-connection-failed',
    });
  });

  it('no response at all: the per-provider timeout fires and the next provider answers', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'no-response' }]);
    const { router } = simRouter(sim, { maxRetries: 0, timeoutMs: 300 });
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts[0]).toMatchObject({ provider: 'claude', errorCode: 'provider-timeout' });
  });

  it('slow first token on a stream: fails over before any text, transparently', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'slow-first-token', delayMs: 3_000 }]);
    const { router } = simRouter(sim, { maxRetries: 0, timeoutMs: 300 });
    const { events, error } = await collect(router.stream(request));
    expect(error).toBeUndefined();
    const finish = events.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.response.provider).toBe('gemini');
    expect(text(events)).toBe(finish.response.text);
    expect(events.some((event) => event.type === 'restart')).toBe(false);
  });

  const midStream: [string, FaultRule][] = [
    ['stream cut mid-way', { provider: 'anthropic', fault: 'stream-cut', afterTokens: 8 }],
    ['stall mid-stream', { provider: 'anthropic', fault: 'stream-stall', afterTokens: 8 }],
    ['malformed chunk', { provider: 'anthropic', fault: 'malformed-chunk', afterTokens: 8 }],
    ['missing terminal event', { provider: 'anthropic', fault: 'missing-terminal-event' }],
  ];
  for (const [name, rule] of midStream) {
    it(`${name}: StreamInterruptedError with the partial text, never a finish`, async () => {
      paced.setFaults([rule]);
      const { router, of } = simRouter(paced, { maxRetries: 2, timeoutMs: 400 });
      const { events, error } = await collect(router.stream(request));
      expect(StreamInterruptedError.isInstance(error)).toBe(true);
      const interrupted = error as StreamInterruptedError;
      expect(interrupted.partialText.length).toBeGreaterThan(0);
      expect(interrupted.partialText).toBe(text(events));
      expect(events.some((event) => event.type === 'finish')).toBe(false);
      expect(of('error').at(-1)).toMatchObject({ provider: 'claude', next: 'stop' });
      expect(router.usage().total.requests).toBe(0);
    });
  }

  it('opt-in restart: a stream cut after text starts over on the next provider with a restart event', async () => {
    paced.setFaults([{ provider: 'anthropic', fault: 'stream-cut', afterTokens: 8 }]);
    const { router, of } = simRouter(paced, { router: { restartInterruptedStreams: true } });
    const { events, error } = await collect(router.stream(request));
    expect(error).toBeUndefined();
    const restartAt = events.findIndex((event) => event.type === 'restart');
    expect(restartAt).toBeGreaterThan(0);
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.response.provider).toBe('gemini');
    expect(text(events.slice(restartAt + 1))).toBe(finish.response.text);
    expect(of('restart')).toEqual([
      expect.objectContaining({ fromProvider: 'claude', toProvider: 'gemini' }),
    ]);
    expect(router.usage().total).toMatchObject({ requests: 1, ...finish.response.usage });
  });

  it('malformed body on a plain request is retried as a bad response', async () => {
    sim.setFaults([{ provider: 'anthropic', on: { requests: [1] }, fault: 'malformed-chunk' }]);
    const { router } = simRouter(sim);
    const response = await router.generate(request);
    expect(response.provider).toBe('claude');
    expect(response.attempts[0]?.errorCode).toBe('provider-bad-response');
  });

  it('context-length 400 moves to a provider with a larger window, skipping smaller ones', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'context-length' }]);
    const { router, of } = simRouter(sim, { order: ['claude', 'openai', 'gemini'] });
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts.map((a) => a.provider)).toEqual(['claude', 'gemini']);
    expect(sim.stats().openai?.requests ?? 0).toBe(0);
    expect(of('fallback')[0]).toMatchObject({ from: 'claude', to: 'gemini', reason: 'context-length' });
  });

  it('content-filter refusal surfaces as ContentFilterError and is not sent elsewhere', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'content-filter' }]);
    const { router } = simRouter(sim);
    const error = await router.generate(request).catch((e: unknown) => e);
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(sim.stats().gemini?.requests ?? 0).toBe(0);
    expect(sim.stats().anthropic?.requests).toBe(1);
    expect(router.usage().total.requests).toBe(0);
  });

  it('401 bad key marks the provider misconfigured and later requests skip it', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'bad-key' }]);
    const { router, of } = simRouter(sim);
    expect((await router.generate(request)).provider).toBe('gemini');
    expect((await router.generate(request)).provider).toBe('gemini');
    expect(sim.stats().anthropic?.requests).toBe(1);
    expect(of('misconfigured')).toHaveLength(1);
    expect(router.status().find((s) => s.name === 'claude')).toMatchObject({ usable: false });
    expect(of('routing-decision')[1]).toMatchObject({ selected: 'gemini' });
  });

  it('a flapping provider (every 2nd request fails) loses no request and bills each once', async () => {
    sim.setFaults([{ provider: 'anthropic', on: { every: 2 }, fault: 'server-error' }]);
    const { router } = simRouter(sim, { router: { breaker: { minimumRequests: 100 } } });
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await router.generate({ ...request, runId: 'flap' }));
    expect(responses.every((r) => r.provider === 'claude')).toBe(true);
    expect(responses.map((r) => r.attempts.length)).toEqual([1, 2, 2, 2, 2, 2]);
    const run = router.usage().byRun.flap;
    expect(run?.requests).toBe(6);
    expect(run?.outputTokens).toBe(responses.reduce((sum, r) => sum + r.usage.outputTokens, 0));
  });

  it('the circuit opens after repeated failures: later requests skip the provider without HTTP', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'unavailable' }]);
    const { router, of } = simRouter(sim, { maxRetries: 1, router: { breaker: { minimumRequests: 2 } } });
    await router.generate(request);
    expect(of('circuit-open')).toEqual([expect.objectContaining({ provider: 'claude' })]);
    const before = sim.stats().anthropic?.requests;
    const response = await router.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts).toHaveLength(1);
    expect(of('routing-decision')[1]).toMatchObject({
      selected: 'gemini',
      fallbackChain: ['openai', 'claude'],
    });
    expect(sim.stats().anthropic?.requests).toBe(before);
    expect(router.status().find((s) => s.name === 'claude')?.circuit).toBe('open');
  });

  it('every provider failing gives AllProvidersFailedError listing each attempt', async () => {
    sim.setFaults([{ fault: 'server-error' }]);
    const { router } = simRouter(sim, { maxRetries: 1 });
    const error = await router.generate(request).catch((e: unknown) => e);
    expect(AllProvidersFailedError.isInstance(error)).toBe(true);
    expect((error as AllProvidersFailedError).attempts.map((a) => a.provider)).toEqual([
      'claude',
      'claude',
      'gemini',
      'gemini',
      'openai',
      'openai',
    ]);
    expect((error as Error).message).toContain('ax providers health');
  });
});
