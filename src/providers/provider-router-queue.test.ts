import { describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from './clock.js';
import type { ModelRequest } from './model-client.js';
import type { AdapterResult, ProviderAdapter } from './provider-adapter.js';
import { AllProvidersFailedError, ProviderRateLimitError, RequestCancelledError } from './provider-errors.js';
import { ProviderRouter } from './provider-router.js';
import { createInProcessProviderState, type ProviderState } from './provider-state.js';
import { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';
import { SharedStateUnavailableError } from './shared-state-unavailable-error.js';

/** An adapter that answers at once with fixed usage, and counts its calls. */
function answering(name: string, usage = { inputTokens: 6, outputTokens: 75 }) {
  const calls: number[] = [];
  const result: AdapterResult = { text: 'ok', toolCalls: [], finishReason: 'stop', usage };
  const adapter: ProviderAdapter & { calls: number[] } = {
    name,
    kind: 'anthropic',
    defaultModel: 'claude-sonnet-4-5',
    simulated: false,
    calls,
    async generate() {
      calls.push(calls.length);
      return result;
    },
    async *stream() {
      yield { type: 'finish', finishReason: 'stop', usage };
    },
    async healthCheck() {
      return { ok: true, latencyMs: 1 };
    },
  };
  return adapter;
}

const request: ModelRequest = { messages: [{ role: 'user', content: 'Summarise the design.' }] };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ProviderRouter rate-limit queue', () => {
  it('settles real usage: tokensPerMinute 100 without maxTokens is never exceeded in any minute', async () => {
    const clock = createManualClock();
    const claude = answering('claude');
    const r = new ProviderRouter({
      providers: [{ adapter: claude, priority: 1, rateLimits: { tokensPerMinute: 100 } }],
      clock,
    });
    const admitted: { at: number; tokens: number }[] = [];
    let startedAt = 0;
    r.on('attempt', () => {
      startedAt = clock.now();
    });
    r.on('success', (event) => {
      admitted.push({ at: startedAt, tokens: event.usage.inputTokens + event.usage.outputTokens });
    });
    for (let i = 0; i < 6; i++) await r.generate(request);
    expect(admitted).toHaveLength(6);
    for (const first of admitted) {
      const inWindow = admitted.filter((other) => other.at >= first.at && other.at < first.at + 60_000);
      expect(inWindow.reduce((sum, other) => sum + other.tokens, 0)).toBeLessThanOrEqual(100);
    }
  });

  it('a caller abort leaves the queue at once: the third request behind rateLimitPerMinute 1 rejects at 1 s', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const claude = answering('claude');
    const r = new ProviderRouter({
      providers: [{ adapter: claude, priority: 1, rateLimits: { requestsPerMinute: 1 } }],
      clock,
    });
    await r.generate(request);
    const second = r.generate(request);
    const controller = new AbortController();
    const third = r.generate(request, { signal: controller.signal }).catch((error: unknown) => error);
    await flush();
    clock.advance(1_000);
    controller.abort(new Error('step timed out'));
    const error = await third;
    expect(RequestCancelledError.isInstance(error)).toBe(true);
    expect(clock.now()).toBe(1_000);
    expect(r.status()[0]?.queued).toBe(1);
    clock.advance(59_000);
    expect((await second).text).toBe('ok');
    expect(claude.calls).toHaveLength(2);
  });

  it('emits queued when a request starts waiting and dequeued when it leaves, with the whole wait', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const r = new ProviderRouter({
      providers: [{ adapter: answering('claude'), priority: 1, rateLimits: { requestsPerMinute: 1 } }],
      clock,
    });
    const seen: string[] = [];
    r.on('queued', (e) => seen.push(`${e.requestId} queued at ${clock.now()}`));
    r.on('dequeued', (e) => seen.push(`${e.requestId} ${e.outcome} after ${e.waitedMs}`));
    const all = Promise.all([r.generate(request), r.generate(request), r.generate(request)]);
    await flush();
    expect(seen).toEqual(['req-2 queued at 0', 'req-3 queued at 0']);
    clock.advance(60_000);
    await flush();
    clock.advance(60_000);
    await all;
    expect(seen.slice(2)).toEqual(['req-2 admitted after 60000', 'req-3 admitted after 120000']);
  });

  it('a provider whose queue wait passes maxQueueWait fails over to the next one', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const claude = answering('claude');
    const gemini = answering('gemini');
    const r = new ProviderRouter({
      providers: [
        { adapter: claude, priority: 1, rateLimits: { requestsPerMinute: 1 }, maxQueueWaitMs: 2_000 },
        { adapter: gemini, priority: 2 },
      ],
      clock,
    });
    await r.generate(request);
    const second = r.generate(request);
    await flush();
    clock.advance(2_000);
    const response = await second;
    expect(response.provider).toBe('gemini');
    expect(response.attempts[0]).toMatchObject({ provider: 'claude', errorCode: 'rate-limit-queue-timeout' });
  });

  it('alone, it fails with RateLimitQueueTimeoutError naming the limit; the call option caps the wait too', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const r = new ProviderRouter({
      providers: [{ adapter: answering('claude'), priority: 1, rateLimits: { requestsPerMinute: 1 } }],
      clock,
    });
    await r.generate(request);
    const second = r.generate(request, { maxQueueWaitMs: 2_000 }).catch((error: unknown) => error);
    await flush();
    clock.advance(2_000);
    const error = await second;
    expect(AllProvidersFailedError.isInstance(error)).toBe(false);
    expect(RateLimitQueueTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /claude: waited 2000 ms in the rate-limit queue \(1 requests\/min\)/,
    );
  });

  it('a Retry-After received by one request holds back the others for that provider', async () => {
    const clock = createManualClock(0, { autoAdvance: false });
    const claude = answering('claude');
    const callTimes: number[] = [];
    const generate = claude.generate.bind(claude);
    claude.generate = async (call) => {
      callTimes.push(clock.now());
      if (callTimes.length === 1)
        throw new ProviderRateLimitError('429', { provider: 'claude', retryAfterMs: 5_000, statusCode: 429 });
      return generate(call);
    };
    const r = new ProviderRouter({ providers: [{ adapter: claude, priority: 1 }], clock });
    const waits: number[] = [];
    r.on('dequeued', (event) => waits.push(event.waitedMs));
    const first = r.generate(request);
    await flush();
    const second = r.generate(request);
    await flush();
    expect(callTimes).toEqual([0]);
    clock.advance(5_000);
    await Promise.all([first, second]);
    expect(callTimes).toEqual([0, 5_000, 5_000]);
    expect(waits).toEqual([5_000]);
  });

  it('a shared limiter whose store fails refuses the request with SharedStateUnavailableError, unsent', async () => {
    const claude = answering('claude');
    const inProcess = createInProcessProviderState(systemClock);
    const state: ProviderState = {
      ...inProcess,
      limiter: () => ({
        limited: true,
        queued: 0,
        holdFor: () => {},
        acquire: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      }),
    };
    const r = new ProviderRouter({ providers: [{ adapter: claude, priority: 1 }], state });
    const error = await r.generate(request).catch((e: unknown) => e);
    expect(SharedStateUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'shared-state-unavailable', isRetryable: true });
    expect((error as Error).message).toMatch(
      /claude: the shared provider state \(REDIS_URL\) did not answer \(connect ECONNREFUSED/,
    );
    expect(claude.calls).toHaveLength(0);
  });
});
