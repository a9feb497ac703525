import type { PlannedAnswer } from './plan-answer.js';
import type { SimRequest } from './sim-request.js';

/** One server-sent event. `token` marks frames that carry content, which pacing and mid-stream faults count. */
export interface StreamFrame {
  event?: string;
  data: string;
  token?: boolean;
}

export type SimErrorKind =
  | 'rate-limit'
  | 'server-error'
  | 'unavailable'
  | 'overloaded'
  | 'context-length'
  | 'bad-key'
  | 'invalid-request'
  | 'not-found';

export interface SimError {
  kind: SimErrorKind;
  /** Used in the provider's own error message wording. */
  detail?: string;
  retryAfterSeconds?: number;
  /** The prompt size, so a context-length error can name it. */
  promptTokens?: number;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
}

/** Where the request came in: the model may be in the URL (Gemini), the stream flag too. */
export interface RouteInfo {
  provider: string;
  model?: string;
  stream?: boolean;
}

/** One provider's wire format: request parsing, JSON and SSE answers, and error bodies. */
export interface WireFormat {
  parse(body: Record<string, unknown>, route: RouteInfo): SimRequest;
  json(plan: PlannedAnswer, request: SimRequest): unknown;
  frames(plan: PlannedAnswer, request: SimRequest): StreamFrame[];
  error(error: SimError): ErrorResponse;
}

/** Word-sized pieces (each word with its trailing space), the unit a stream delivers per token frame. */
export function splitTokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Splits serialized tool arguments into a few pieces, as real providers stream partial JSON. */
export function splitJson(json: string, pieces = 3): string[] {
  const size = Math.max(1, Math.ceil(json.length / pieces));
  const parts: string[] = [];
  for (let start = 0; start < json.length; start += size) parts.push(json.slice(start, start + size));
  return parts.length > 0 ? parts : [''];
}

/** The fixed context window the simulator claims, so context-length errors read like real ones. */
export const simulatedContextWindow = 200_000;
