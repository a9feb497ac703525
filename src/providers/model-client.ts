import type { ModelMessage, ToolSet } from 'ai';
import type { RouterEvent } from './router-events.js';

/** Tokens in and out of one call, as the provider reported them (estimated only for CLI tools). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A tool the model asked to call. The caller runs it and sends the result back as a `tool` message. */
export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  /** The arguments, already parsed from JSON (and validated when the tool has a schema). */
  input: unknown;
}

/**
 * Ask for a structured answer: the JSON Schema goes to the provider's structured-output mode (a JSON
 * schema response format, or a forced `json` tool where that is how the provider does it). The answer
 * still arrives as `text` (the JSON); checking it against the schema is the caller's job.
 */
export interface ModelOutputRequest {
  schema: Record<string, unknown>;
  name?: string;
  description?: string;
}

export type ModelFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

export const RoutingStrategy = { priority: 'priority', health: 'health', cost: 'cost' } as const;
export type RoutingStrategy = (typeof RoutingStrategy)[keyof typeof RoutingStrategy];

/**
 * One request to a language model. `messages` are AI SDK `ModelMessage`s (roles system, user, assistant,
 * tool), so a tool loop appends the assistant's tool calls and the tool results exactly as the AI SDK
 * documents. `tools` are AI SDK tool definitions (`tool({ description, inputSchema: z.object(…) })`);
 * tools without `execute` are returned as `toolCalls` for the caller to run, which is what an agent
 * runtime with its own sandbox and permission checks wants.
 */
export interface ModelRequest {
  messages: ModelMessage[];
  tools?: ToolSet;
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'tool'; toolName: string };
  temperature?: number;
  maxTokens?: number;
  /** A structured answer conforming to this JSON Schema (see `ModelOutputRequest`). */
  output?: ModelOutputRequest;
  /** Send to this provider first (a configured name: `claude`, `simulator-gemini`, …). */
  provider?: string;
  /**
   * Model for the first provider tried; fallbacks use their own `defaultModel`. Without `provider`, a
   * model the price table knows is sent to the first usable provider of its vendor (`gpt-4o` → openai).
   */
  model?: string;
  /** `false`: only the first provider is tried (with its retries). Default true. */
  fallback?: boolean;
  /** Overrides the router's strategy for this request. */
  strategy?: RoutingStrategy;
  /** Use the response cache: default on when `temperature` is 0, off otherwise. */
  cache?: boolean;
  /**
   * Streams only: when a stream breaks after text was delivered, start again on the next provider and
   * emit a `restart` event (the caller must discard the text it got so far). Default: the router's setting
   * (off), in which case the caller gets a `StreamInterruptedError` carrying the partial text.
   */
  restartInterruptedStreams?: boolean;
  /** Groups usage and cost, e.g. a workflow run id; see `ProviderRouter.usage()`. */
  runId?: string;
}

/** One try against one provider, in the order they happened. */
export interface ModelAttempt {
  provider: string;
  model: string;
  /** 1-based try number on this provider. */
  attempt: number;
  outcome: 'success' | 'error' | 'skipped';
  errorCode?: string;
  errorMessage?: string;
  latencyMs: number;
}

export interface ModelResponse {
  text: string;
  toolCalls: ModelToolCall[];
  finishReason: ModelFinishReason;
  /** Tokens billed for this request: only the attempt that succeeded (0 for a cache hit). */
  usage: TokenUsage;
  /** `usage` priced from the price table; 0 for unpriced models and cache hits. */
  costUsd: number;
  /** The provider entry that answered. */
  provider: string;
  model: string;
  /** True when the answer came from the built-in simulator: show it to people as simulated. */
  simulated: boolean;
  /** True when the answer came from the response cache. */
  cached: boolean;
  /** From the call to `generate`/`stream` to the complete answer, including retries and queueing. */
  latencyMs: number;
  attempts: ModelAttempt[];
}

/**
 * What a stream yields. Text arrives as `text-delta`s; the last event is always `finish` with the full
 * response. A stream that fails throws a typed `ProviderError` from the iterator instead (after text was
 * delivered: `StreamInterruptedError` with `partialText`), so a truncated answer is never a `finish`.
 */
export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call'; toolCall: ModelToolCall }
  /** The stream broke after delivering text and starts over on `toProvider`: discard text received so far. */
  | { type: 'restart'; fromProvider: string; toProvider: string; discardedText: string; reason: string }
  | { type: 'finish'; response: ModelResponse };

export interface ModelCallOptions {
  /** Cancels the call, including queued waits and backoff sleeps. */
  signal?: AbortSignal;
  /**
   * Longest the call may wait in a provider's rate-limit queue before failing over (or failing with
   * `RateLimitQueueTimeoutError`). Default: the provider's `maxQueueWait`, else 5 minutes.
   */
  maxQueueWaitMs?: number;
  /**
   * This request's router events as they happen (retries, waits, failovers, misconfigured providers)
   * and breaker changes of the providers it may use, so a caller can show and record them.
   */
  onEvent?: (event: RouterEvent) => void;
}

/**
 * The seam between the agent runtime and the provider layer. The router implements it; so can a test
 * double. Errors are `ProviderError` subclasses (see `provider-errors.ts`), checked with `isInstance`.
 */
export interface ModelClient {
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamEvent>;
}
