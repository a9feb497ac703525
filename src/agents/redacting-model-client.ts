import type { ModelClient, ModelResponse, ModelStreamEvent } from '../providers/index.js';
import { createStreamingRedactor, redactError, redactString, redactStrings } from '../secrets/index.js';

const wrapped = new WeakSet<ModelClient>();

/**
 * The edge where text leaves a provider call: answers, streamed text, tool-call inputs and errors
 * (a 401 that echoes the key included) pass the secret policy before anything prints, stores or sends
 * them on. Wrapping twice is a no-op.
 */
export function redactingModelClient(client: ModelClient): ModelClient {
  if (wrapped.has(client)) return client;
  const redacting: ModelClient = {
    async generate(request, options) {
      try {
        return redactResponse(await client.generate(request, options));
      } catch (error) {
        throw redactError(error);
      }
    },
    async *stream(request, options): AsyncIterable<ModelStreamEvent> {
      const text = createStreamingRedactor();
      try {
        for await (const event of client.stream(request, options)) {
          if (event.type === 'text-delta') {
            const ready = text.push(event.text);
            if (ready) yield { type: 'text-delta', text: ready };
            continue;
          }
          if (event.type === 'finish' || event.type === 'restart') {
            const rest = text.end();
            if (rest) yield { type: 'text-delta', text: rest };
          }
          if (event.type === 'finish') yield { type: 'finish', response: redactResponse(event.response) };
          else if (event.type === 'restart') {
            yield {
              ...event,
              discardedText: redactString(event.discardedText),
              reason: redactString(event.reason),
            };
          } else yield redactStrings(event);
        }
      } catch (error) {
        throw redactError(error);
      }
    },
  };
  wrapped.add(redacting);
  return redacting;
}

function redactResponse(response: ModelResponse): ModelResponse {
  return {
    ...response,
    text: redactString(response.text),
    toolCalls: response.toolCalls.map((call) => ({ ...call, input: redactStrings(call.input) })),
    attempts: response.attempts.map((attempt) =>
      attempt.errorMessage === undefined
        ? attempt
        : { ...attempt, errorMessage: redactString(attempt.errorMessage) },
    ),
  };
}
