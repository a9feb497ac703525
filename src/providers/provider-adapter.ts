import type { ModelMessage, ToolSet } from 'ai';
import type { ModelFinishReason, ModelOutputRequest, ModelToolCall, TokenUsage } from './model-client.js';

export const AdapterKind = {
  anthropic: 'anthropic',
  google: 'google',
  openai: 'openai',
  openaiCompatible: 'openai-compatible',
  cli: 'cli',
} as const;
export type AdapterKind = (typeof AdapterKind)[keyof typeof AdapterKind];

/** What the router hands an adapter: one model, one try, already bounded by `signal` (timeout + cancel). */
export interface AdapterCall {
  model: string;
  messages: ModelMessage[];
  tools?: ToolSet;
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'tool'; toolName: string };
  temperature?: number;
  maxTokens?: number;
  output?: ModelOutputRequest;
  signal: AbortSignal;
}

export interface AdapterResult {
  text: string;
  toolCalls: ModelToolCall[];
  finishReason: ModelFinishReason;
  usage: TokenUsage;
  /** The answer carried the simulator's `x-automatosx-simulated` header, whatever the entry claims. */
  simulated?: boolean;
}

export type AdapterStreamPart =
  | { type: 'text-delta'; text: string }
  /** Any other chunk (tool arguments, reasoning, step boundaries, usage): the stream is alive. */
  | { type: 'progress' }
  | { type: 'tool-call'; toolCall: ModelToolCall }
  | { type: 'finish'; finishReason: ModelFinishReason; usage: TokenUsage; simulated?: boolean };

export interface HealthCheckResult {
  ok: boolean;
  latencyMs: number;
  /** Why it is not ok, in words a person can act on. */
  detail?: string;
}

/**
 * One configured provider entry. Adapters make exactly one try and throw typed `ProviderError`s; retries,
 * timeouts, fallback and accounting live in the router so that the retry rule exists in one place.
 * A stream must end with a `finish` part: an adapter that sees its source end without a terminal event
 * throws `StreamInterruptedError`.
 */
export interface ProviderAdapter {
  readonly name: string;
  readonly kind: AdapterKind;
  readonly defaultModel: string;
  /** Answers come from the built-in simulator. */
  readonly simulated: boolean;
  generate(call: AdapterCall): Promise<AdapterResult>;
  stream(call: AdapterCall): AsyncIterable<AdapterStreamPart>;
  /** A cheap request proving the endpoint answers and the key is accepted. */
  healthCheck(signal?: AbortSignal): Promise<HealthCheckResult>;
}
