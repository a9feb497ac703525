import { InvalidInputError, nearestNames } from '../errors/index.js';
import type { AnswerCache } from './answer-cache.js';
import type { BackoffOptions } from './backoff.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { type Clock, systemClock } from './clock.js';
import { EventChannel } from './event-channel.js';
import { type AttemptContext, type FailoverOutcome, runWithFailover } from './failover-loop.js';
import type {
  ModelCallOptions,
  ModelClient,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
  RoutingStrategy,
} from './model-client.js';
import { costOf, findModelPrice } from './price-table.js';
import type { AdapterCall, AdapterResult, HealthCheckResult } from './provider-adapter.js';
import { ProviderNotConfiguredError, StreamInterruptedError } from './provider-errors.js';
import {
  createSlot,
  type ProviderEntry,
  type ProviderSlot,
  type ProviderStatus,
  slotStatus,
  type UnavailableProvider,
  unavailableStatus,
} from './provider-slot.js';
import { createInProcessProviderState, type ProviderState } from './provider-state.js';
import { type CacheStats, cacheKeyOf, isCacheable } from './response-cache.js';
import { estimateInputTokens, providerForModel, routeCandidates } from './route-candidates.js';
import { RouterEvents, type RouterEventType, type RouterListener } from './router-events.js';
import { planRoute, type RoutePlan } from './routing-strategy.js';
import type { CapStatus, SpendGuard } from './spend-budget.js';
import { UsageLedger, type UsageReport } from './usage-ledger.js';

export interface ProviderRouterOptions {
  providers: readonly ProviderEntry[];
  /** Configured providers that cannot be used (no key, disabled), with the reason, for clear errors. */
  unavailable?: readonly UnavailableProvider[];
  strategy?: RoutingStrategy;
  backoff?: BackoffOptions;
  /** Longest Retry-After waited out when no other provider can answer (default 60 s). */
  retryAfterCeilingMs?: number;
  breaker?: CircuitBreakerOptions;
  clock?: Clock;
  random?: () => number;
  /** Complete answers by request: the SQLite `ResponseCache`, or a Redis one shared by workers. */
  cache?: AnswerCache;
  /** Spend caps checked before each try and added to after each answer. */
  budget?: SpendGuard;
  /** Where breakers, health figures and rate limits live; default this process (see `ProviderState`). */
  state?: ProviderState;
  /** Default for `ModelRequest.restartInterruptedStreams`. */
  restartInterruptedStreams?: boolean;
}

/**
 * The provider router: a `ModelClient` that plans an order of providers per request, then retries, backs
 * off, fails over, trips breakers, queues for rate limits, caches, and accounts usage — all here, so the
 * adapters below stay single-try and the agent runtime above sees one `generate`/`stream`.
 */
export class ProviderRouter implements ModelClient {
  readonly events = new RouterEvents();
  private readonly slots = new Map<string, ProviderSlot>();
  private readonly unavailable: Map<string, UnavailableProvider>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly state: ProviderState;
  private readonly ledger = new UsageLedger();
  private requestCounter = 0;

  constructor(private readonly options: ProviderRouterOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.state = options.state ?? createInProcessProviderState(this.clock);
    this.unavailable = new Map((options.unavailable ?? []).map((entry) => [entry.name, entry]));
    for (const entry of options.providers) {
      const name = entry.adapter.name;
      if (this.slots.has(name)) throw new InvalidInputError(`provider ${name} is configured twice`);
      this.slots.set(name, createSlot(entry, this.state, options.breaker, this.events));
    }
  }

  on<K extends RouterEventType>(type: K, listener: RouterListener<K>): () => void {
    return this.events.on(type, listener);
  }

  /** Names of the usable providers, in priority order. */
  get providerNames(): string[] {
    return [...this.slots.values()]
      .sort((a, b) => a.entry.priority - b.entry.priority)
      .map((slot) => slot.name);
  }

  /** True when every usable provider is the built-in simulator. */
  get simulatedOnly(): boolean {
    return this.slots.size > 0 && [...this.slots.values()].every((slot) => slot.adapter.simulated);
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    validateRequest(request);
    const started = this.clock.now();
    const requestId = this.nextRequestId();
    const cacheKey = await this.cacheKey(request);
    const hit =
      cacheKey === undefined ? undefined : await this.cacheHit(cacheKey, request, requestId, started);
    if (hit) return hit;
    const context = this.failoverContext(request, requestId, options, false);
    const unwatch = this.watch(requestId, context.plan, options.onEvent);
    try {
      const outcome = await runWithFailover<AdapterResult>(context, (attempt) =>
        attempt.slot.adapter.generate(this.adapterCall(request, attempt)),
      );
      const response = this.complete(request, outcome, started, requestId);
      await this.afterAnswer(request, response, cacheKey);
      return response;
    } finally {
      unwatch();
    }
  }

  stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncIterable<ModelStreamEvent> {
    return this.streamEvents(request, options);
  }

  private async *streamEvents(
    request: ModelRequest,
    options: ModelCallOptions,
  ): AsyncGenerator<ModelStreamEvent> {
    validateRequest(request);
    const started = this.clock.now();
    const requestId = this.nextRequestId();
    const cacheKey = await this.cacheKey(request);
    const hit =
      cacheKey === undefined ? undefined : await this.cacheHit(cacheKey, request, requestId, started);
    if (hit) {
      if (hit.text) yield { type: 'text-delta', text: hit.text };
      for (const toolCall of hit.toolCalls) yield { type: 'tool-call', toolCall };
      yield { type: 'finish', response: hit };
      return;
    }
    // Our own controller so that a consumer who stops iterating also stops the request underneath.
    const controller = new AbortController();
    const context = this.failoverContext(request, requestId, { ...options, signal: controller.signal }, true);
    const forward = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    options.signal?.addEventListener('abort', forward, { once: true });
    const channel = new EventChannel<ModelStreamEvent>();
    context.onRestart = (restart) => channel.push({ type: 'restart', ...restart });
    const unwatch = this.watch(requestId, context.plan, options.onEvent);
    runWithFailover<AdapterResult>(context, (attempt) => this.streamAttempt(request, attempt, channel)).then(
      (outcome) => {
        const response = this.complete(request, outcome, started, requestId);
        unwatch();
        void this.afterAnswer(request, response, cacheKey).then(() => {
          channel.push({ type: 'finish', response });
          channel.close();
        });
      },
      (error: unknown) => {
        unwatch();
        channel.fail(error);
      },
    );
    try {
      yield* channel;
    } finally {
      options.signal?.removeEventListener('abort', forward);
      if (!controller.signal.aborted) controller.abort(new Error('stream consumer stopped'));
    }
  }

  private async streamAttempt(
    request: ModelRequest,
    attempt: AttemptContext,
    channel: EventChannel<ModelStreamEvent>,
  ): Promise<AdapterResult> {
    let text = '';
    const toolCalls: ModelToolCall[] = [];
    for await (const part of attempt.slot.adapter.stream(this.adapterCall(request, attempt))) {
      // Every part is a sign of life, tool-argument and reasoning chunks included: the idle timeout
      // bounds the gap between parts, not the whole answer.
      attempt.touch();
      if (part.type === 'progress') continue;
      if (part.type === 'text-delta') {
        text += part.text;
        attempt.delivered.text = text;
        channel.push(part);
      } else if (part.type === 'tool-call') {
        toolCalls.push(part.toolCall);
        attempt.delivered.toolCalls++;
        channel.push(part);
      } else {
        return {
          text,
          toolCalls,
          finishReason: part.finishReason,
          usage: part.usage,
          ...(part.simulated === undefined ? {} : { simulated: part.simulated }),
        };
      }
    }
    throw new StreamInterruptedError(`${attempt.slot.name}: the stream ended without a terminal event`, {
      provider: attempt.slot.name,
      partialText: text,
    });
  }

  /**
   * The events of one request (its `requestId`), and breaker changes of the providers it may use, for a
   * caller that shows them (workflow progress, `ax providers test`).
   */
  private watch(requestId: string, plan: RoutePlan, onEvent: ModelCallOptions['onEvent']): () => void {
    if (onEvent === undefined) return () => {};
    const chain = new Set(plan.chain);
    return this.events.onAny((event) => {
      if ('requestId' in event ? event.requestId === requestId : chain.has(event.provider)) onEvent(event);
    });
  }

  /** Plans the provider order for a request without sending it (what `routing-decision` reports). */
  plan(
    request: Pick<ModelRequest, 'provider' | 'model' | 'fallback' | 'strategy' | 'messages' | 'maxTokens'>,
  ): RoutePlan {
    const strategy = request.strategy ?? this.options.strategy ?? 'priority';
    const twin = request.provider === undefined ? undefined : this.simulatedTwin(request.provider);
    if (twin !== undefined) request = { ...request, provider: twin };
    if (request.provider !== undefined && !this.slots.has(request.provider))
      throw this.notConfigured(request.provider);
    const candidates = routeCandidates(this.slots.values(), request, strategy);
    const provider = request.provider ?? providerForModel(this.slots.values(), request.model);
    return planRoute(candidates, { provider, fallback: request.fallback, strategy });
  }

  /** Sends each usable provider's cheap health request (or the named one's). */
  async healthCheck(
    name?: string,
    signal?: AbortSignal,
  ): Promise<(HealthCheckResult & { provider: string })[]> {
    if (name !== undefined && !this.slots.has(name)) throw this.notConfigured(name);
    const slots = [...this.slots.values()].filter((slot) => name === undefined || slot.name === name);
    return Promise.all(
      slots.map(async (slot) => {
        const timeout = AbortSignal.timeout(Math.min(slot.timeoutMs, 10_000));
        const result = await slot.adapter.healthCheck(signal ? AbortSignal.any([signal, timeout]) : timeout);
        return { provider: slot.name, ...result };
      }),
    );
  }

  status(): ProviderStatus[] {
    const usable = [...this.slots.values()].map(slotStatus).sort((a, b) => a.priority - b.priority);
    return [...usable, ...[...this.unavailable.values()].map(unavailableStatus)];
  }

  usage(): UsageReport {
    return this.ledger.report();
  }

  cacheStats(): CacheStats | Promise<CacheStats> | undefined {
    return this.options.cache?.stats();
  }

  /** Each configured spend cap with what has been spent against it (per-run: for `runId`). */
  async budgetReport(runId?: string): Promise<CapStatus[]> {
    return (await this.options.budget?.report(runId)) ?? [];
  }

  /**
   * Adds the answer's cost to the budget and stores it in the cache. Failures here are swallowed: the
   * answer is already paid for, and failing the call would make the caller ask (and pay) again.
   */
  private async afterAnswer(request: ModelRequest, response: ModelResponse, cacheKey: string | undefined) {
    await Promise.all([
      this.options.budget?.record({ provider: response.provider, runId: request.runId }, response.costUsd),
      cacheKey === undefined ? undefined : this.options.cache?.set(cacheKey, response),
    ]).catch(() => {});
  }

  private failoverContext(
    request: ModelRequest,
    requestId: string,
    options: ModelCallOptions,
    stream: boolean,
  ) {
    return {
      requestId,
      request,
      plan: this.plan(request),
      slots: this.slots,
      events: this.events,
      clock: this.clock,
      random: this.random,
      backoff: this.options.backoff,
      retryAfterCeilingMs: this.options.retryAfterCeilingMs,
      signal: options.signal,
      stream,
      restart: request.restartInterruptedStreams ?? this.options.restartInterruptedStreams ?? false,
      estimatedTokens: () => estimateInputTokens(request) + (request.maxTokens ?? 0),
      tokensUsed: (value: AdapterResult | undefined) =>
        value === undefined
          ? estimateInputTokens(request)
          : value.usage.inputTokens + value.usage.outputTokens,
      maxQueueWaitMs: options.maxQueueWaitMs,
      checkBudget:
        this.options.budget === undefined
          ? undefined
          : (provider: string, model: string) =>
              this.options.budget!.check(
                { provider, runId: request.runId },
                costOf(model, {
                  inputTokens: estimateInputTokens(request),
                  outputTokens: request.maxTokens ?? 0,
                }),
              ),
      contextWindow: (name: string, model: string) => {
        const slot = this.slots.get(name);
        return slot?.entry.contextWindow ?? findModelPrice(model)?.contextWindow;
      },
      onRestart: undefined as
        | ((restart: {
            fromProvider: string;
            toProvider: string;
            discardedText: string;
            reason: string;
          }) => void)
        | undefined,
    };
  }

  private adapterCall(request: ModelRequest, attempt: AttemptContext): AdapterCall {
    const call: AdapterCall = { model: attempt.model, messages: request.messages, signal: attempt.signal };
    if (request.tools !== undefined) call.tools = request.tools;
    if (request.toolChoice !== undefined) call.toolChoice = request.toolChoice;
    if (request.temperature !== undefined) call.temperature = request.temperature;
    if (request.maxTokens !== undefined) call.maxTokens = request.maxTokens;
    if (request.output !== undefined) call.output = request.output;
    return call;
  }

  private complete(
    request: ModelRequest,
    outcome: FailoverOutcome<AdapterResult>,
    started: number,
    requestId: string,
  ): ModelResponse {
    const { value, slot, model } = outcome;
    const costUsd = costOf(model, value.usage);
    const simulated = slot.adapter.simulated || value.simulated === true;
    this.ledger.record({
      provider: slot.name,
      runId: request.runId,
      usage: value.usage,
      costUsd,
      simulated,
      cached: false,
    });
    const last = outcome.attempts[outcome.attempts.length - 1];
    this.events.emit('success', {
      requestId,
      provider: slot.name,
      model,
      attempt: last?.attempt ?? 1,
      latencyMs: last?.latencyMs ?? 0,
      usage: value.usage,
      costUsd,
      simulated,
    });
    return {
      text: value.text,
      toolCalls: value.toolCalls,
      finishReason: value.finishReason,
      usage: value.usage,
      costUsd,
      provider: slot.name,
      model,
      simulated,
      cached: false,
      latencyMs: this.clock.now() - started,
      attempts: outcome.attempts,
    };
  }

  private async cacheKey(request: ModelRequest): Promise<string | undefined> {
    if (!this.options.cache || !isCacheable(request)) return undefined;
    return cacheKeyOf(request);
  }

  private async cacheHit(
    key: string,
    request: ModelRequest,
    requestId: string,
    started: number,
  ): Promise<ModelResponse | undefined> {
    // An unreachable shared cache is a miss, not a failed request.
    const answer = await Promise.resolve(this.options.cache?.get(key)).catch(() => undefined);
    if (!answer) return undefined;
    this.events.emit('cache-hit', { requestId, provider: answer.provider, model: answer.model });
    const usage = { inputTokens: 0, outputTokens: 0 };
    this.ledger.record({
      provider: answer.provider,
      runId: request.runId,
      usage,
      costUsd: 0,
      simulated: answer.simulated,
      cached: true,
    });
    return {
      ...answer,
      usage,
      costUsd: 0,
      cached: true,
      latencyMs: this.clock.now() - started,
      attempts: [],
    };
  }

  /**
   * In simulator mode (no provider key at all, so every usable provider is simulated) a request pinned to
   * `claude`, `gemini` or `openai` goes to that vendor's simulated twin; its answer is labelled simulated
   * like every other. With any real provider usable, a pinned provider without a key stays an error.
   */
  private simulatedTwin(name: string): string | undefined {
    if (this.slots.has(name) || !this.simulatedOnly) return undefined;
    const twin = `simulator-${name}`;
    return this.slots.has(twin) ? twin : undefined;
  }

  private notConfigured(name: string): ProviderNotConfiguredError {
    const reason = this.unavailable.get(name)?.reason;
    if (reason !== undefined) {
      const simulated = this.slots.has(`simulator-${name}`)
        ? `; simulator-${name} gives simulated answers`
        : '';
      return new ProviderNotConfiguredError(`provider ${name} is not configured: ${reason}${simulated}`, {
        provider: name,
      });
    }
    const known = [...this.slots.keys(), ...this.unavailable.keys()];
    const near = nearestNames(name, known);
    return new ProviderNotConfiguredError(
      `unknown provider ${name}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; configured: ${known.join(', ') || 'none'}`,
      { provider: name },
    );
  }

  private nextRequestId(): string {
    this.requestCounter++;
    return `req-${this.requestCounter}`;
  }
}

function validateRequest(request: ModelRequest): void {
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new InvalidInputError('a model request needs at least one message in `messages`');
  }
}
