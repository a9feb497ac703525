/**
 * Provider layer: one router in front of Claude, Gemini, OpenAI, OpenAI-compatible servers, coding CLIs
 * and the built-in simulator.
 *
 * For the agent runtime, the whole surface is `ModelClient`:
 *
 * ```ts
 * const { router, notices, close } = await createProviderRouterFromConfig({ cwd, env: process.env });
 * for (const line of notices) console.error(line);          // e.g. "answers are simulated"
 * const response = await router.generate({
 *   messages: [{ role: 'system', content: 'You are a reviewer.' }, { role: 'user', content: 'Review x.ts' }],
 *   tools: { readFile: tool({ description: 'Reads a file', inputSchema: z.object({ path: z.string() }) }) },
 *   temperature: 0,
 * }, { signal });
 * response.toolCalls;  // [{ toolCallId, toolName: 'readFile', input: { path } }] -> run them, then append
 *                      // { role: 'assistant', content: [tool-call parts] } and { role: 'tool', content: [tool-result parts] }
 * response.provider, response.model, response.simulated, response.usage, response.costUsd, response.attempts;
 * for await (const event of router.stream(request, { signal })) { … 'text-delta' | 'tool-call' | 'restart' | 'finish' }
 * await close();
 * ```
 *
 * Rules a caller can rely on:
 * - Tools without `execute` come back as `toolCalls`; the router never runs tools and makes one model
 *   step per call, so the runtime owns the tool loop (sandbox, permissions, delegation).
 * - Failures are `ProviderError`s with `code`, `isRetryable`, `retryAfterMs`, `provider`, checked with
 *   `XError.isInstance(e)`. The router has already retried and failed over by the time one reaches you:
 *   don't retry `AllProvidersFailedError` in a tight loop. `InvalidRequestError` and
 *   `ProviderNotConfiguredError` are bad input (CLI exit 2).
 * - A stream that breaks after text was delivered throws `StreamInterruptedError` with `partialText`;
 *   with `restartInterruptedStreams` it yields `restart` instead and starts over: discard the text so far.
 * - `response.usage`/`costUsd` count only the attempt that succeeded (providers do not bill the 4xx/5xx
 *   answers of failed attempts, and an interrupted stream reports no usage), so nothing is billed twice.
 *   A cache hit has zero usage. Simulated answers are priced as the model they imitate but not billed.
 * - With `REDIS_URL` set, `createProviderRouterFromConfig` shares rate limits, breakers, health figures,
 *   spend and the cache with every other worker (`create-shared-budget.ts`, loaded only then).
 * - Events (`router.on('success', e => …)`): routing-decision, attempt, queued, success, error, fallback,
 *   circuit-open, circuit-half-open, circuit-close, cache-hit, restart, misconfigured; `queued` when a request
 *   starts waiting in a rate-limit queue and `dequeued` (admitted, cancelled, timed-out, with the whole
 *   wait) when it leaves.
 *   One request's events also go to `generate(request, { onEvent })`, for callers that show or record them.
 */
/** The AI SDK message and tool types requests are made of, re-exported so callers need one import. */
export type { ModelMessage, ToolSet } from 'ai';
export type { AnswerCache } from './answer-cache.js';
export { type BackoffOptions, defaultBackoff, fullJitterDelay, retryAfterFromResponse } from './backoff.js';
export { BudgetCap, BudgetExceededError } from './budget-exceeded-error.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  CircuitState,
  defaultCircuitBreakerOptions,
} from './circuit-breaker.js';
export { type CliAdapterOptions, createCliAdapter, renderPrompt } from './cli-adapter.js';
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js';
export {
  type ConfiguredRouter,
  type CreateProviderRouterOptions,
  createProviderRouterFromConfig,
} from './create-provider-router-from-config.js';
export { describeRouterEvent } from './describe-router-event.js';
export { type HealthSnapshot, HealthTracker } from './health-tracker.js';
export { mapProviderError } from './map-provider-error.js';
export type {
  ModelAttempt,
  ModelCallOptions,
  ModelClient,
  ModelFinishReason,
  ModelOutputRequest,
  ModelRequest,
  ModelResponse,
  ModelStreamEvent,
  ModelToolCall,
  TokenUsage,
} from './model-client.js';
export { RoutingStrategy } from './model-client.js';
export { costOf, findModelPrice, type ModelPrice, priceTable } from './price-table.js';
export {
  type AdapterCall,
  AdapterKind,
  type AdapterResult,
  type AdapterStreamPart,
  type HealthCheckResult,
  type ProviderAdapter,
} from './provider-adapter.js';
export {
  AllProvidersFailedError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAuthError,
  ProviderConnectionError,
  ProviderError,
  ProviderNotConfiguredError,
  ProviderOverloadedError,
  ProviderRateLimitError,
  ProviderServerError,
  ProviderTimeoutError,
  RequestCancelledError,
  StreamInterruptedError,
} from './provider-errors.js';
export {
  type AcquireOptions,
  defaultMaxQueueWaitMs,
  type ProviderLimiter,
  type QueueLeave,
  type RateLimitTicket,
} from './provider-limiter.js';
export { ProviderRouter, type ProviderRouterOptions } from './provider-router.js';
export type { ProviderEntry, ProviderSlot, ProviderStatus, UnavailableProvider } from './provider-slot.js';
export {
  createInProcessProviderState,
  type ProviderBreaker,
  type ProviderHealth,
  type ProviderState,
} from './provider-state.js';
export { RateLimitQueueTimeoutError } from './rate-limit-queue-timeout-error.js';
export { RateLimiter, type RateLimiterLimits, type RateLimits } from './rate-limiter.js';
export { type CachedAnswer, type CacheStats, cacheKeyOf, ResponseCache } from './response-cache.js';
export { decideRetry, defaultRetryAfterCeilingMs, type RetryDecision } from './retry-policy.js';
export {
  type RouterEvent,
  type RouterEventMap,
  RouterEvents,
  type RouterEventType,
} from './router-events.js';
export { planRoute, type RouteCandidate, type RoutePlan } from './routing-strategy.js';
export {
  createSdkAdapter,
  type OpenAIApi,
  type SdkAdapterKind,
  type SdkAdapterOptions,
} from './sdk-adapter.js';
export { SharedStateUnavailableError } from './shared-state-unavailable-error.js';
export { type CapStatus, createSpendBudget, type SpendGuard, type SpendRequest } from './spend-budget.js';
export { createMemorySpendLedger, type SpendLedger } from './spend-ledger.js';
export { UsageLedger, type UsageReport, type UsageTotals } from './usage-ledger.js';
