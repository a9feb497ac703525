import { createHash } from 'node:crypto';
import { answerForSchema } from './schema-answer.js';
import type { ScriptBook } from './script-book.js';
import {
  estimateTokens,
  promptTokens,
  type SimMessage,
  type SimRequest,
  type SimToolCall,
} from './sim-request.js';
import { parseToolDirectives } from './tool-directive.js';

export const simulatedMarker = '[simulated]';

export type SimAnswer =
  | { type: 'text'; text: string; refusal: boolean }
  | { type: 'tool-call'; call: SimToolCall };

export interface PlannedAnswer {
  answer: SimAnswer;
  usage: { inputTokens: number; outputTokens: number };
  /** Hex digest of the request; formats derive ids from it so the same request gives the same bytes. */
  digest: string;
}

/**
 * Picks the answer for a request: a refusal when a content filter fault fires, else a scripted rule,
 * else a `[[tool:…]]` directive, else a summary of returned tool results, else a deterministic text.
 * Pure apart from spending script rules.
 */
export function planAnswer(request: SimRequest, script: ScriptBook, contentFilter = false): PlannedAnswer {
  const digest = createHash('sha256')
    .update(JSON.stringify([request.model, request.system, request.messages]))
    .digest('hex');
  const answer = contentFilter ? refusal() : chooseAnswer(request, script, digest);
  const outputText =
    answer.type === 'text' ? answer.text : answer.call.name + JSON.stringify(answer.call.input);
  return {
    answer,
    usage: { inputTokens: Math.max(1, promptTokens(request)), outputTokens: estimateTokens(outputText) },
    digest,
  };
}

function refusal(): SimAnswer {
  return {
    type: 'text',
    text: `${simulatedMarker} I can't help with that request (simulated content filter).`,
    refusal: true,
  };
}

function chooseAnswer(request: SimRequest, script: ScriptBook, digest: string): SimAnswer {
  const last = request.messages.at(-1);
  const lastUserIndex = request.messages.findLastIndex((message) => message.role === 'user');
  const task = lastUserIndex >= 0 ? (request.messages[lastUserIndex]?.text ?? '') : '';
  const turn = last?.role === 'tool' ? 'tool-result' : 'user';
  const results = trailingToolResults(request.messages);
  const scriptedText = turn === 'tool-result' ? results.map((result) => result.text).join('\n') : task;

  const rule = script.take(request.provider, turn, scriptedText);
  if (rule?.toolCall !== undefined && request.tools.includes(rule.toolCall.name)) {
    return { type: 'tool-call', call: toolCall(rule.toolCall.name, rule.toolCall.input, digest) };
  }
  if (rule?.reply !== undefined) return { type: 'text', text: labelled(rule.reply), refusal: false };
  if (rule !== undefined && 'object' in rule) return structured(request, rule.object, digest);

  const directives = parseToolDirectives(task);
  const callsSinceTask = request.messages
    .slice(lastUserIndex + 1)
    .reduce((count, message) => count + (message.toolCalls?.length ?? 0), 0);
  const next = directives[callsSinceTask];
  if (next !== undefined && last?.role !== 'assistant') {
    if ('error' in next) {
      return text(`The tool directive for "${next.name}" was not used: ${next.error}.`);
    }
    if (!request.tools.includes(next.name)) {
      const offered = request.tools.length > 0 ? request.tools.join(', ') : 'none';
      return text(`The task asks for the tool "${next.name}", but this request offers only: ${offered}.`);
    }
    return { type: 'tool-call', call: toolCall(next.name, next.input, digest + callsSinceTask) };
  }

  if (request.output !== undefined) {
    // The first user message holds the task; later ones may be requests to repair an answer.
    const firstTask = request.messages.find((message) => message.role === 'user')?.text ?? task;
    return structured(request, answerForSchema(request.output.schema, digest, firstTask), digest);
  }
  if (turn === 'tool-result') return text(summariseResults(results, request.messages, excerpt(task, 80)));
  return text(composeAnswer(request.model, excerpt(task, 80), digest));
}

/**
 * A structured answer: JSON text, or a call of the JSON tool when the SDK asked through one. No
 * `[simulated]` prefix could stay valid JSON; the response header labels it, and free strings inside
 * a schema-derived answer carry the marker.
 */
function structured(request: SimRequest, value: unknown, digest: string): SimAnswer {
  const tool = request.output?.tool;
  if (tool !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { type: 'tool-call', call: toolCall(tool, value as Record<string, unknown>, digest) };
  }
  return { type: 'text', text: JSON.stringify(value), refusal: false };
}

function text(body: string): SimAnswer {
  return { type: 'text', text: labelled(body), refusal: false };
}

function labelled(body: string): string {
  return body.startsWith(simulatedMarker) ? body : `${simulatedMarker} ${body}`;
}

function toolCall(name: string, input: Record<string, unknown>, seed: string): SimToolCall {
  const id = createHash('sha256').update(`${seed}:${name}`).digest('hex').slice(0, 24);
  return { id, name, input };
}

function trailingToolResults(messages: readonly SimMessage[]): SimMessage[] {
  const results: SimMessage[] = [];
  for (let index = messages.length - 1; index >= 0 && messages[index]?.role === 'tool'; index--) {
    results.unshift(messages[index]!);
  }
  return results;
}

function summariseResults(
  results: readonly SimMessage[],
  messages: readonly SimMessage[],
  task: string,
): string {
  const names = new Map<string, string>();
  for (const message of messages) for (const call of message.toolCalls ?? []) names.set(call.id, call.name);
  const parts = results.map((result) => {
    const name = result.toolName ?? (result.toolCallId ? names.get(result.toolCallId) : undefined) ?? 'tool';
    return `${name} returned: ${excerpt(result.text, 200)}`;
  });
  const about = task.length > 0 ? ` for "${task}"` : '';
  return `Tool result summary${about}: ${parts.join('; ')}. Based on this, the task can be completed as described.`;
}

function excerpt(value: string, max: number): string {
  const flat = value
    .replace(/\[\[tool:[^\]]*\]\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

const openings = [
  'Here is a simulated answer',
  'This is a simulated response',
  'A simulated reply follows',
  'Simulated output',
] as const;
const bodies = [
  'The first step is to restate the goal and list the inputs it depends on.',
  'Break the work into small, checkable steps and handle the riskiest one first.',
  'Start from the existing behaviour, write down what must change, then verify each change.',
  'Collect the relevant facts, compare the options, and pick the simplest one that works.',
  'Identify the constraints, sketch a plan, and confirm it against the expected result.',
  'Check the assumptions behind the request before committing to an approach.',
] as const;
const closings = [
  'No real model was called; this text is generated by the AutomatosX provider simulator.',
  'This answer comes from the AutomatosX simulator, not from a real model.',
  'Treat this as placeholder output from the simulator: no model produced it.',
] as const;

/** A few readable sentences chosen by the digest, so the same request always reads the same. */
function composeAnswer(model: string, task: string, digest: string): string {
  const pick = <T>(items: readonly T[], offset: number): T =>
    items[Number.parseInt(digest.slice(offset, offset + 4), 16) % items.length]!;
  const about = task.length > 0 ? ` to "${task}"` : '';
  const second = pick(bodies, 8);
  let third = pick(bodies, 12);
  if (third === second) third = bodies[(bodies.indexOf(second) + 1) % bodies.length]!;
  return `${pick(openings, 0)} from ${model}${about}. ${second} ${third} ${pick(closings, 4)}`;
}
