import type { SimOutputRequest } from './requested-output.js';

/** A tool call the model made, in provider-neutral form. */
export interface SimToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** One conversation turn, reduced to what the simulator needs to pick an answer. */
export interface SimMessage {
  role: 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls?: SimToolCall[];
  /** For `role: 'tool'`: which call this result answers, and the tool's name when the format carries it. */
  toolCallId?: string;
  toolName?: string;
}

/** A request in any of the wire formats, normalised so one planner answers them all. */
export interface SimRequest {
  /** Stats and fault key: 'anthropic' | 'openai' | 'gemini' | a compat name. */
  provider: string;
  model: string;
  system: string;
  messages: SimMessage[];
  /** Names of the tools the request offers. */
  tools: string[];
  stream: boolean;
  /** OpenAI chat streams only send a usage chunk when `stream_options.include_usage` is set. */
  includeUsage: boolean;
  /** The request asks for a structured (JSON) answer, with this schema when it names one. */
  output?: SimOutputRequest;
}

/** The usual rough rule (about four characters per token) is enough for budgets and cost figures. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

export function promptTokens(request: SimRequest): number {
  let text = request.system;
  for (const message of request.messages) {
    text += message.text;
    for (const call of message.toolCalls ?? []) text += call.name + JSON.stringify(call.input ?? {});
  }
  return estimateTokens(text);
}

/** Reads text out of the many content shapes (string, array of parts with `text`, nested `content`). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).join('');
  if (content !== null && typeof content === 'object') {
    const record = content as Record<string, unknown>;
    if (typeof record.text === 'string') return record.text;
    if ('content' in record) return textOf(record.content);
    if ('output' in record) return textOf(record.output);
    if ('value' in record) return textOf(record.value);
    return JSON.stringify(record);
  }
  return content === undefined || content === null ? '' : String(content);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
