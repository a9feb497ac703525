import type { BackoffOptions } from './backoff.js';
import { BudgetCap, BudgetExceededError } from './budget-exceeded-error.js';
import type { Clock } from './clock.js';
import { mapProviderError } from './map-provider-error.js';
import type { ModelAttempt, ModelRequest } from './model-client.js';
import type { ProviderAdapter } from './provider-adapter.js';
import {
  AllProvidersFailedError,
  ContentFilterError,
  ContextLengthError,
  ModelNotFoundError,
  ProviderError,
  ProviderRateLimitError,
  ProviderTimeoutError,
  RequestCancelledError,
  StreamInterruptedError,
} from './provider-errors.js';
import { defaultMaxQueueWaitMs, type ProviderLimiter, type RateLimitTicket } from './provider-limiter.js';
import type { ProviderBreaker, ProviderHealth } from './provider-state.js';
import { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';
import { decideRetry } from './retry-policy.js';
import type { RouterEvents } from './router-events.js';
import type { RoutePlan } from './routing-strategy.js';
import { SharedStateUnavailableError } from './shared-state-unavailable-error.js';

/** The per-provider state the loop reads and updates. */
export interface SlotView {
  name: string;
  adapter: ProviderAdapter;
  maxRetries: number;
  timeoutMs: number;
  breaker: ProviderBreaker;
  health: ProviderHealth;
  limiter: ProviderLimiter;
  /** Longest a request may wait in this provider's rate-limit queue (configured `maxQueueWait`). */
  maxQueueWaitMs?: number | undefined;
  /** Set when the provider rejected its key: it is skipped until reconfigured. */
  misconfigured: string | undefined;
}

/** One try, as the `tryOnce` callback sees it. */
export interface AttemptContext {
  slot: SlotView;
  model: string;
  attempt: number;
  /** Aborts on timeout or caller cancellation. */
  signal: AbortSignal;
  /** Re-arms the timeout: streams call it per chunk so the timeout bounds each gap, not the whole answer. */
  touch(): void;
  /** What a stream has already handed to the caller; non-empty means the try cannot be retried silently. */
  delivered: { text: string; toolCalls: number };
}

export interface FailoverContext<T = unknown> {
  requestId: string;
  request: ModelRequest;
  plan: RoutePlan;
  slots: ReadonlyMap<string, SlotView>;
  events: RouterEvents;
  clock: Clock;
  random: () => number;
  backoff: BackoffOptions | undefined;
  /** Longest Retry-After waited out when no other provider can answer. */
  retryAfterCeilingMs: number | undefined;
  signal: AbortSignal | undefined;
  /** The caller is streaming (reported in `attempt` events). */
  stream: boolean;
  restart: boolean;
  estimatedTokens(): number;
  /** Tokens a finished try really used (its usage), or the input estimate for a failed try. */
  tokensUsed(value: T | undefined): number;
  /** The caller's ceiling on rate-limit queue waits (e.g. its step timeout). */
  maxQueueWaitMs: number | undefined;
  /** Throws BudgetExceededError when a try on this provider would go past a spend cap. */
  checkBudget: ((provider: string, model: string) => Promise<void>) | undefined;
  contextWindow(provider: string, model: string): number | undefined;
  onRestart:
    | ((restart: { fromProvider: string; toProvider: string; discardedText: string; reason: string }) => void)
    | undefined;
}

export interface FailoverOutcome<T> {
  value: T;
  slot: SlotView;
  model: string;
  attempts: ModelAttempt[];
}

/** A provider the loop could move on to: configured, and its breaker not refusing requests. */
function usable(slot: SlotView | undefined): boolean {
  return slot !== undefined && slot.misconfigured === undefined && slot.breaker.retryInMs === 0;
}

/**
 * Walks the planned chain: for each provider, tries up to 1 + maxRetries times under its breaker, rate
 * limiter and timeout, asks `decideRetry` what each failure means, and moves on when told to. Shared by
 * `generate` and `stream` so both follow exactly the same rule.
 */
export async function runWithFailover<T>(
  ctx: FailoverContext<T>,
  tryOnce: (attempt: AttemptContext) => Promise<T>,
): Promise<FailoverOutcome<T>> {
  const { events, clock, requestId } = ctx;
  let chain = ctx.plan.chain;
  events.emit('routing-decision', {
    requestId,
    strategy: ctx.plan.strategy,
    selected: chain[0],
    fallbackChain: chain.slice(1),
    skipped: ctx.plan.skipped,
    reason: ctx.plan.reason,
  });
  const attempts: ModelAttempt[] = [];
  let lastError: ProviderError | undefined;
  /** Why a provider was skipped without being tried, when that reason is worth throwing as is. */
  let skipError: ProviderError | undefined;
  let previous: { name: string; reason: string } | undefined;
  for (let index = 0; index < chain.length; index++) {
    const slot = ctx.slots.get(chain[index]!)!;
    const model =
      index === 0 && ctx.request.model !== undefined ? ctx.request.model : slot.adapter.defaultModel;
    if (previous)
      events.emit('fallback', { requestId, from: previous.name, to: slot.name, reason: previous.reason });
    let failoverReason = 'unavailable';
    let waitedRetryAfter = false;
    for (let attempt = 1; ; attempt++) {
      if (slot.misconfigured !== undefined) {
        attempts.push(skipped(slot.name, model, attempt, 'misconfigured', slot.misconfigured));
        failoverReason = 'misconfigured';
        break;
      }
      try {
        await ctx.checkBudget?.(slot.name, model);
      } catch (error) {
        // Only a provider's own cap is a reason to fail over; the daily and per-run caps bind every provider.
        if (!BudgetExceededError.isInstance(error)) throw unchecked(slot.name, error);
        if (error.cap !== BudgetCap.providerDaily) throw error;
        attempts.push(skipped(slot.name, model, attempt, error.code, error.message));
        lastError = error;
        skipError = error;
        failoverReason = 'budget-exceeded';
        break;
      }
      if (!(await slot.breaker.tryAcquire())) {
        attempts.push(
          skipped(slot.name, model, attempt, 'circuit-open', `circuit open for ${slot.breaker.retryInMs} ms`),
        );
        failoverReason = 'circuit-open';
        break;
      }
      let ticket: RateLimitTicket;
      try {
        ticket = await slot.limiter.acquire(ctx.estimatedTokens(), {
          signal: ctx.signal,
          model,
          maxWaitMs: maxQueueWait(ctx, slot),
          ignoreHold: waitedRetryAfter,
          onWait: () => events.emit('queued', { requestId, provider: slot.name, model }),
          onLeave: (left) => events.emit('dequeued', { requestId, provider: slot.name, model, ...left }),
        });
      } catch (error) {
        slot.breaker.release();
        if (ctx.signal?.aborted) throw cancelled(slot.name, error);
        if (!RateLimitQueueTimeoutError.isInstance(error)) throw unchecked(slot.name, error);
        attempts.push(skipped(slot.name, model, attempt, error.code, error.message));
        lastError = error;
        skipError = error;
        failoverReason = 'queue-timeout';
        break;
      }
      events.emit('attempt', { requestId, provider: slot.name, model, attempt, stream: ctx.stream });
      const started = clock.now();
      const delivered = { text: '', toolCalls: 0 };
      let error: ProviderError;
      try {
        const value = await withTimeout(ctx, slot, model, attempt, delivered, tryOnce);
        ticket.settle(ctx.tokensUsed(value));
        const latencyMs = clock.now() - started;
        slot.breaker.recordSuccess();
        slot.health.recordSuccess(latencyMs);
        attempts.push({ provider: slot.name, model, attempt, outcome: 'success', latencyMs });
        return { value, slot, model, attempts };
      } catch (thrown) {
        error = thrown as ProviderError;
      }
      ticket.settle(ctx.tokensUsed(undefined));
      // The provider said when it will take requests again: hold back every request for it, not only this one.
      if (ProviderRateLimitError.isInstance(error) && error.retryAfterMs !== undefined)
        slot.limiter.holdFor(error.retryAfterMs);
      const latencyMs = clock.now() - started;
      if (RequestCancelledError.isInstance(error)) {
        slot.breaker.release();
        throw error;
      }
      if (error.isRetryable) {
        slot.breaker.recordFailure();
        slot.health.recordFailure(error.code);
      } else {
        slot.breaker.release();
      }
      attempts.push({
        provider: slot.name,
        model,
        attempt,
        outcome: 'error',
        errorCode: error.code,
        errorMessage: error.message,
        latencyMs,
      });
      lastError = error;
      const base = { requestId, provider: slot.name, model, attempt };
      if ((delivered.text.length > 0 || delivered.toolCalls > 0) && !ContentFilterError.isInstance(error)) {
        const interrupted = interruptedError(slot.name, error, delivered.text);
        lastError = interrupted;
        const next = chain[index + 1];
        if (ctx.restart && next !== undefined) {
          events.emit('error', { ...base, error: interrupted, next: 'failover' });
          const restart = {
            fromProvider: slot.name,
            toProvider: next,
            discardedText: delivered.text,
            reason: interrupted.code,
          };
          events.emit('restart', {
            requestId,
            fromProvider: slot.name,
            toProvider: next,
            discardedChars: delivered.text.length,
            reason: interrupted.code,
          });
          ctx.onRestart?.(restart);
          failoverReason = 'stream-interrupted';
          break;
        }
        events.emit('error', { ...base, error: interrupted, next: 'stop' });
        throw interrupted;
      }
      const hasFallback = chain.slice(index + 1).some((name) => usable(ctx.slots.get(name)));
      const decision = decideRetry({
        error,
        retryIndex: attempt - 1,
        maxRetries: slot.maxRetries,
        hasFallback,
        backoff: ctx.backoff,
        retryAfterCeilingMs: ctx.retryAfterCeilingMs,
        random: ctx.random,
      });
      if (decision.action === 'retry') {
        const waitReason = error.retryAfterMs === undefined ? 'backoff' : 'retry-after';
        events.emit('error', {
          ...base,
          error,
          next: 'retry',
          delayMs: decision.delayMs,
          reason: waitReason,
        });
        waitedRetryAfter = error.retryAfterMs !== undefined;
        try {
          await clock.sleep(decision.delayMs, ctx.signal);
        } catch (abort) {
          throw cancelled(slot.name, abort);
        }
        continue;
      }
      // The event names what actually happens next: a failover with no provider left to ask is a stop.
      const next = decision.action === 'failover' && !hasFallback ? 'stop' : decision.action;
      events.emit('error', {
        ...base,
        error,
        next,
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      });
      if (decision.action === 'stop') throw error;
      failoverReason = decision.reason;
      if (ModelNotFoundError.isInstance(error)) {
        const reason = `it does not serve the model ${model} (${error.code})`;
        // Its own default model missing is the entry's misconfiguration: skip it until reconfigured.
        if (model === slot.adapter.defaultModel)
          slot.misconfigured = `${reason}; fix providers.${slot.name}.defaultModel and restart`;
        events.emit('misconfigured', { provider: slot.name, reason });
      }
      if (decision.reason === 'bad-key') {
        slot.misconfigured = `its key was rejected (${error.code}); fix the key and restart`;
        events.emit('misconfigured', { provider: slot.name, reason: slot.misconfigured });
      }
      if (ContextLengthError.isInstance(error)) {
        const window = ctx.contextWindow(slot.name, model);
        const rest = chain.slice(index + 1).filter((name) => {
          const other = ctx.slots.get(name)!;
          const otherWindow = ctx.contextWindow(name, other.adapter.defaultModel);
          return window === undefined || (otherWindow !== undefined && otherWindow > window);
        });
        if (rest.length === 0) {
          throw new ContextLengthError(
            `${error.message}; no other configured provider has a larger context window`,
            {
              provider: slot.name,
              model,
              cause: error,
            },
          );
        }
        chain = [...chain.slice(0, index + 1), ...rest];
      }
      break;
    }
    previous = { name: slot.name, reason: failoverReason };
  }
  const tried = new Set(attempts.filter((a) => a.outcome !== 'skipped').map((a) => a.provider));
  if (lastError && chain.length === 1 && tried.size === 1) throw lastError;
  if (skipError && tried.size === 0 && attempts.every((a) => a.errorCode === skipError.code)) throw skipError;
  const waits = chain.map((name) => ctx.slots.get(name)!.breaker.retryInMs).filter((ms) => ms > 0);
  const circuitWait = tried.size === 0 && waits.length > 0 ? Math.min(...waits) : undefined;
  throw new AllProvidersFailedError(attempts, lastError, circuitWait);
}

/** The tightest of the caller's and the provider's ceilings, else five minutes. */
function maxQueueWait(ctx: FailoverContext<never>, slot: SlotView): number {
  const limits = [ctx.maxQueueWaitMs, slot.maxQueueWaitMs].filter((ms): ms is number => ms !== undefined);
  return limits.length > 0 ? Math.min(...limits) : defaultMaxQueueWaitMs;
}

async function withTimeout<T>(
  ctx: FailoverContext<T>,
  slot: SlotView,
  model: string,
  attempt: number,
  delivered: AttemptContext['delivered'],
  tryOnce: (attempt: AttemptContext) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  let cancelTimer: () => void = () => {};
  const arm = () => {
    cancelTimer();
    cancelTimer = ctx.clock.setTimer(slot.timeoutMs, () => {
      timedOut = true;
      controller.abort(new Error(`timeout after ${slot.timeoutMs} ms`));
    });
  };
  const onCallerAbort = () => controller.abort(ctx.signal?.reason);
  if (ctx.signal?.aborted) onCallerAbort();
  ctx.signal?.addEventListener('abort', onCallerAbort, { once: true });
  arm();
  try {
    return await tryOnce({ slot, model, attempt, signal: controller.signal, touch: arm, delivered });
  } catch (thrown) {
    if (ctx.signal?.aborted) throw cancelled(slot.name, thrown);
    if (timedOut) {
      const what = delivered.text.length > 0 ? 'no next chunk' : 'no answer';
      throw new ProviderTimeoutError(
        `${slot.name}: ${what} within ${slot.timeoutMs} ms; raise providers.${slot.name}.timeout if the model is slow`,
        { provider: slot.name, timeoutMs: slot.timeoutMs, cause: thrown },
      );
    }
    throw mapProviderError(thrown, { provider: slot.name, model });
  } finally {
    cancelTimer();
    ctx.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function interruptedError(
  provider: string,
  error: ProviderError,
  partialText: string,
): StreamInterruptedError {
  if (StreamInterruptedError.isInstance(error) && error.partialText === partialText) return error;
  return new StreamInterruptedError(
    `${provider}: the stream broke after ${partialText.length} characters were delivered (${error.message}); ` +
      'the answer is incomplete: its partial text is in `partialText`; send the request again or enable restartInterruptedStreams',
    { provider, cause: error, partialText },
  );
}

/** A typed error as is; anything else came from the shared state's store. */
function unchecked(provider: string, error: unknown): ProviderError {
  return ProviderError.isInstance(error) ? error : new SharedStateUnavailableError(provider, error);
}

function cancelled(provider: string, cause: unknown): RequestCancelledError {
  if (RequestCancelledError.isInstance(cause)) return cause;
  return new RequestCancelledError(`${provider}: the request was cancelled by the caller`, {
    provider,
    cause,
  });
}

function skipped(
  provider: string,
  model: string,
  attempt: number,
  code: string,
  message: string,
): ModelAttempt {
  return {
    provider,
    model,
    attempt,
    outcome: 'skipped',
    errorCode: code,
    errorMessage: message,
    latencyMs: 0,
  };
}
