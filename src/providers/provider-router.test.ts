import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import type { ModelRequest } from './model-client.js';
import { findModelPrice } from './price-table.js';
import type { AdapterCall, AdapterResult, AdapterStreamPart, ProviderAdapter } from './provider-adapter.js';
import {
  AllProvidersFailedError,
  ContextLengthError,
  InvalidRequestError,
  ProviderAuthError,
  ProviderNotConfiguredError,
  ProviderRateLimitError,
  ProviderServerError,
  RequestCancelledError,
  StreamInterruptedError,
} from './provider-errors.js';
import { ProviderRouter } from './provider-router.js';
import type { RouterEvent } from './router-events.js';

type Step = AdapterResult | Error | { hang: true };

/** Test double for an adapter: answers each call with the next scripted step (the last one repeats). */
function scripted(
  name: string,
  steps: Step[],
  model = 'claude-sonnet-4-5',
): ProviderAdapter & { calls: AdapterCall[] } {
  const calls: AdapterCall[] = [];
  const next = (call: AdapterCall) => {
    calls.push(call);
    return steps[Math.min(calls.length - 1, steps.length - 1)]!;
  };
  const hang = (signal: AbortSignal) =>
    new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
  return {
    name,
    kind: findModelPrice(model)?.vendor ?? 'openai-compatible',
    defaultModel: model,
    simulated: false,
    calls,
    async generate(call) {
      const step = next(call);
      if (step instanceof Error) throw step;
      if ('hang' in step) return hang(call.signal);
      return step;
    },
    async *stream(call): AsyncIterable<AdapterStreamPart> {
      const step = next(call);
      if (step instanceof Error) throw step;
      if ('hang' in step) return yield* [] as never[];
      for (const word of step.text.split(' ')) yield { type: 'text-delta', text: `${word} ` };
      yield { type: 'finish', finishReason: step.finishReason, usage: step.usage };
    },
    async healthCheck() {
      return { ok: true, latencyMs: 1 };
    },
  };
}

const answer = (text: string): AdapterResult => ({
  text,
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 1000, outputTokens: 2000 },
});
const request: ModelRequest = { messages: [{ role: 'user', content: 'hello' }] };

function router(
  adapters: ProviderAdapter[],
  extra: Partial<ConstructorParameters<typeof ProviderRouter>[0]> = {},
) {
  const clock = createManualClock();
  const events: RouterEvent[] = [];
  const instance = new ProviderRouter({
    providers: adapters.map((adapter, index) => ({
      adapter,
      priority: index + 1,
      maxRetries: 2,
      timeoutMs: 1000,
    })),
    clock,
    random: () => 0.5,
    ...extra,
  });
  instance.events.onAny((event) => events.push(event));
  return { router: instance, clock, events, types: () => events.map((e) => e.type) };
}

describe('ProviderRouter with test-double adapters', () => {
  it('answers from the priority-1 provider and prices the usage', async () => {
    const { router: r, events } = router([
      scripted('claude', [answer('hi')]),
      scripted('gemini', [answer('no')]),
    ]);
    const response = await r.generate({ ...request, runId: 'run-1' });
    expect(response).toMatchObject({
      text: 'hi',
      provider: 'claude',
      model: 'claude-sonnet-4-5',
      simulated: false,
    });
    expect(response.costUsd).toBeCloseTo((1000 * 3 + 2000 * 15) / 1e6, 10);
    expect(events[0]).toMatchObject({
      type: 'routing-decision',
      selected: 'claude',
      fallbackChain: ['gemini'],
    });
    expect(r.usage().byRun['run-1']).toMatchObject({ requests: 1, inputTokens: 1000, outputTokens: 2000 });
  });

  it('retries a 5xx with full-jitter backoff, then succeeds on the same provider', async () => {
    const claude = scripted('claude', [
      new ProviderServerError('500', { provider: 'claude' }),
      answer('second'),
    ]);
    const { router: r, clock, types } = router([claude]);
    const response = await r.generate(request);
    expect(response.text).toBe('second');
    expect(response.attempts.map((a) => a.outcome)).toEqual(['error', 'success']);
    expect(clock.sleeps).toEqual([500]);
    expect(types()).toEqual(['routing-decision', 'attempt', 'error', 'attempt', 'success']);
    expect(r.usage().total.requests).toBe(1);
  });

  it('fails over after maxRetries and reports a fallback event', async () => {
    const failing = new ProviderServerError('503', { provider: 'claude' });
    const {
      router: r,
      clock,
      events,
    } = router([scripted('claude', [failing]), scripted('gemini', [answer('g')])]);
    const response = await r.generate(request);
    expect(response.provider).toBe('gemini');
    expect(response.attempts.filter((a) => a.provider === 'claude')).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(events.find((e) => e.type === 'fallback')).toMatchObject({
      from: 'claude',
      to: 'gemini',
      reason: 'retries-exhausted',
    });
  });

  it('fails over at once when Retry-After exceeds the cap, and honours a short one', async () => {
    const long = new ProviderRateLimitError('429', { provider: 'claude', retryAfterMs: 60_000 });
    const short = new ProviderRateLimitError('429', { provider: 'gemini', retryAfterMs: 1200 });
    const { router: r, clock } = router([
      scripted('claude', [long]),
      scripted('gemini', [short, answer('ok')]),
    ]);
    const response = await r.generate(request);
    expect(response.provider).toBe('gemini');
    expect(clock.sleeps).toEqual([1200]);
    expect(response.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      'claude:error',
      'gemini:error',
      'gemini:success',
    ]);
  });

  it('marks a provider with a rejected key misconfigured and skips it afterwards', async () => {
    const claude = scripted('claude', [new ProviderAuthError('401', { provider: 'claude' })]);
    const { router: r } = router([claude, scripted('gemini', [answer('g')])]);
    expect((await r.generate(request)).provider).toBe('gemini');
    expect((await r.generate(request)).provider).toBe('gemini');
    expect(claude.calls).toHaveLength(1);
    expect(r.status()[0]).toMatchObject({ name: 'claude', usable: false });
  });

  it('does not retry or fail over an invalid request', async () => {
    const claude = scripted('claude', [new InvalidRequestError('400 bad param', { provider: 'claude' })]);
    const gemini = scripted('gemini', [answer('g')]);
    const { router: r } = router([claude, gemini]);
    await expect(r.generate(request)).rejects.toSatisfy((e) => InvalidRequestError.isInstance(e));
    expect(claude.calls).toHaveLength(1);
    expect(gemini.calls).toHaveLength(0);
  });

  it('moves a context-length failure only to a provider with a larger window', async () => {
    const tooLong = new ContextLengthError('too long', { provider: 'claude', model: 'claude-sonnet-4-5' });
    const small = scripted('small', [answer('never')], 'gpt-4o');
    const big = scripted('big', [answer('big window')], 'gemini-2.5-pro');
    const { router: r } = router([scripted('claude', [tooLong]), small, big]);
    const response = await r.generate(request);
    expect(response.provider).toBe('big');
    expect(small.calls).toHaveLength(0);
    const { router: only } = router([
      scripted('claude', [tooLong]),
      scripted('small', [answer('x')], 'gpt-4o'),
    ]);
    await expect(only.generate(request)).rejects.toSatisfy((e) => ContextLengthError.isInstance(e));
  });

  it('throws AllProvidersFailedError with every attempt when the whole chain fails', async () => {
    const err = (p: string) => new ProviderServerError('500', { provider: p });
    const { router: r } = router([scripted('claude', [err('claude')]), scripted('gemini', [err('gemini')])]);
    const error = await r.generate(request).catch((e: unknown) => e);
    expect(AllProvidersFailedError.isInstance(error)).toBe(true);
    expect((error as AllProvidersFailedError).attempts).toHaveLength(6);
    expect(r.usage().total.requests).toBe(0);
  });

  it('with fallback: false gives the provider’s own typed error', async () => {
    const { router: r } = router([
      scripted('claude', [new ProviderServerError('500', { provider: 'claude' })]),
      scripted('gemini', [answer('g')]),
    ]);
    const error = await r.generate({ ...request, fallback: false }).catch((e: unknown) => e);
    expect(ProviderServerError.isInstance(error)).toBe(true);
  });

  it('refuses an unknown or unconfigured provider by name, suggesting the nearest', async () => {
    const { router: r } = router([scripted('claude', [answer('x')])], {
      unavailable: [{ name: 'openai', reason: 'no API key: set OPENAI_API_KEY' }],
    });
    await expect(r.generate({ ...request, provider: 'openai' })).rejects.toThrow(
      /openai is not configured: no API key/,
    );
    await expect(r.generate({ ...request, provider: 'claud' })).rejects.toThrow(/did you mean claude/);
    await expect(r.generate({ ...request, provider: 'claud' })).rejects.toSatisfy((e) =>
      ProviderNotConfiguredError.isInstance(e),
    );
  });

  it('times out a hung provider using the injected clock, then fails over', async () => {
    const { router: r, clock } = router([
      scripted('claude', [{ hang: true }]),
      scripted('gemini', [answer('g')]),
    ]);
    const pending = r.generate({ ...request });
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(1000);
    }
    const response = await pending;
    expect(response.provider).toBe('gemini');
    expect(response.attempts[0]).toMatchObject({ errorCode: 'provider-timeout' });
  });

  it('opens the circuit after repeated failures and routes around it', async () => {
    const err = new ProviderServerError('500', { provider: 'claude' });
    const claude = scripted('claude', [err]);
    const { router: r, events } = router([claude, scripted('gemini', [answer('g')])], {
      breaker: { minimumRequests: 3, cooldownMs: 30_000 },
    });
    await r.generate(request);
    expect(events.some((e) => e.type === 'circuit-open')).toBe(true);
    const calls = claude.calls.length;
    expect((await r.generate(request)).provider).toBe('gemini');
    expect(claude.calls.length).toBe(calls);
  });

  it('streams text and never reports a stream broken after text as complete', async () => {
    const broken: ProviderAdapter = {
      ...scripted('claude', [answer('x')]),
      async *stream() {
        yield { type: 'text-delta', text: 'partial ' };
        throw new ProviderServerError('reset', { provider: 'claude' });
      },
    };
    const { router: r } = router([broken, scripted('gemini', [answer('from gemini')])]);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of r.stream(request)) if (event.type === 'text-delta') seen.push(event.text);
    })().catch((e: unknown) => e);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).partialText).toBe('partial ');
    expect(seen).toEqual(['partial ']);

    const restarted: string[] = [];
    let final = '';
    for await (const event of r.stream({ ...request, restartInterruptedStreams: true })) {
      if (event.type === 'restart') restarted.push(`${event.fromProvider}->${event.toProvider}`);
      if (event.type === 'finish') final = `${event.response.provider}:${event.response.text}`;
    }
    expect(restarted).toEqual(['claude->gemini']);
    expect(final).toBe('gemini:from gemini ');
  });

  it('plans by cost and by health when asked', () => {
    const { router: r } = router([
      scripted('claude', [answer('x')], 'claude-opus-4-1'),
      scripted('gemini', [answer('x')], 'gemini-2.5-flash'),
      scripted('openai', [answer('x')], 'gpt-4o'),
    ]);
    expect(r.plan({ ...request, strategy: 'cost' }).chain).toEqual(['gemini', 'openai', 'claude']);
    expect(r.plan({ ...request, strategy: 'priority' }).chain).toEqual(['claude', 'gemini', 'openai']);
    expect(r.plan({ ...request, provider: 'openai', fallback: false }).chain).toEqual(['openai']);
    expect(r.plan({ ...request, model: 'gemini-2.5-pro' }).chain).toEqual(['gemini', 'claude', 'openai']);
    expect(r.plan({ ...request, model: 'my-local-model' }).chain).toEqual(['claude', 'gemini', 'openai']);
    const huge = {
      messages: [{ role: 'user' as const, content: 'x'.repeat(4 * 300_000) }],
      strategy: 'cost' as const,
    };
    expect(r.plan(huge)).toMatchObject({
      chain: ['gemini'],
      skipped: [
        { provider: 'claude', reason: expect.stringMatching(/does not fit its 200000-token window/) },
        { provider: 'openai', reason: expect.stringMatching(/128000-token window/) },
      ],
    });
  });

  it('queues over the rate limit instead of failing, and reports the wait', async () => {
    const claude = scripted('claude', [answer('ok')]);
    const clock = createManualClock();
    const r = new ProviderRouter({
      providers: [{ adapter: claude, priority: 1, rateLimits: { requestsPerMinute: 2 } }],
      clock,
    });
    const queued: string[] = [];
    r.on('queued', (event) => queued.push(`${event.requestId} waits`));
    r.on('dequeued', (event) => queued.push(`${event.requestId} ${event.outcome} after ${event.waitedMs}`));
    const responses = await Promise.all([1, 2, 3].map(() => r.generate(request)));
    expect(responses.every((response) => response.text === 'ok')).toBe(true);
    expect(queued).toEqual(['req-3 waits', 'req-3 admitted after 60000']);
  });

  it('a cancelled caller gets RequestCancelledError, with no retry and no fallback', async () => {
    const gemini = scripted('gemini', [answer('g')]);
    const { router: r } = router([scripted('claude', [{ hang: true }]), gemini]);
    const controller = new AbortController();
    const pending = r.generate(request, { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('user pressed ctrl-c'));
    const error = await pending.catch((e: unknown) => e);
    expect(RequestCancelledError.isInstance(error)).toBe(true);
    expect(gemini.calls).toHaveLength(0);
  });

  it('closes the circuit when the half-open probe succeeds after the cooldown', async () => {
    const claude = scripted('claude', [
      new ProviderServerError('500', { provider: 'claude' }),
      new ProviderServerError('500', { provider: 'claude' }),
      answer('recovered'),
    ]);
    const {
      router: r,
      clock,
      types,
    } = router([claude], { breaker: { minimumRequests: 2, cooldownMs: 10_000 } });
    await expect(r.generate({ ...request, fallback: false })).rejects.toBeDefined();
    expect(r.status()[0]?.circuit).toBe('open');
    const refused = await r.generate(request).catch((e: unknown) => e);
    expect(AllProvidersFailedError.isInstance(refused)).toBe(true);
    const wait = (refused as AllProvidersFailedError).retryAfterMs ?? 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_000);
    clock.advance(wait);
    expect((await r.generate(request)).text).toBe('recovered');
    expect(types()).toEqual(expect.arrayContaining(['circuit-open', 'circuit-half-open', 'circuit-close']));
    expect(r.status()[0]?.circuit).toBe('closed');
  });

  it('the health strategy prefers the provider with fewer recent errors', async () => {
    const flaky = scripted('claude', [new ProviderServerError('500', { provider: 'claude' }), answer('ok')]);
    const { router: r } = router([flaky, scripted('gemini', [answer('g')])], { strategy: 'health' });
    await r.generate(request);
    expect(r.plan(request)).toMatchObject({
      chain: ['gemini', 'claude'],
      reason: expect.stringMatching(/^health: gemini/),
    });
  });

  it('a consumer that stops reading a stream aborts the call underneath', async () => {
    let seen: AbortSignal | undefined;
    const endless: ProviderAdapter = {
      ...scripted('claude', [answer('x')]),
      async *stream(call) {
        seen = call.signal;
        for (let i = 0; ; i++) {
          if (call.signal.aborted) throw call.signal.reason;
          yield { type: 'text-delta', text: `chunk ${i} ` };
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    };
    const { router: r } = router([endless]);
    for await (const event of r.stream(request)) {
      if (event.type === 'text-delta') break;
    }
    for (let i = 0; i < 5 && !seen?.aborted; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(seen?.aborted).toBe(true);
  });
});
