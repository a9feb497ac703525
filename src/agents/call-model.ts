import { AutomatosxError } from '../errors/index.js';
import {
  describeRouterEvent,
  type ModelCallOptions,
  type ModelRequest,
  type ModelResponse,
} from '../providers/index.js';
import type { AgentProfile } from './agent-profile-schema.js';
import { redactingModelClient } from './redacting-model-client.js';
import type { RunAgentOptions } from './run-agent.js';

/**
 * One model call, streamed when the client streams. With `fallbackProviders` in the profile the agent's
 * own order is followed (each provider tried alone, then the next); otherwise the router picks and fails
 * over by its own rules. The whole sequence is repeated by the agent's retry policy while failures are
 * retryable.
 */
export async function callWithRetry(
  options: RunAgentOptions,
  profile: AgentProfile,
  request: ModelRequest,
  runId: string,
): Promise<ModelResponse> {
  const attempts = profile.retry?.attempts ?? 1;
  const plan = providerPlan(options, profile);
  for (let attempt = 1; ; attempt++) {
    let lastError: unknown;
    for (const [index, route] of plan.entries()) {
      let streamed = '';
      try {
        return await callModel(options, profile, { ...request, ...route }, runId, (text) => {
          streamed += text;
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        lastError = error;
        const next = plan[index + 1];
        if (next && streamed) {
          options.onEvent?.({
            type: 'text-restart',
            runId,
            agent: profile.name,
            discardedText: streamed,
            toProvider: next.provider ?? 'the router',
          });
        }
      }
    }
    const retryable = (lastError as { isRetryable?: unknown }).isRetryable === true;
    if (!retryable || attempt >= attempts) throw lastError;
  }
}

type ProviderRoute = Pick<ModelRequest, 'provider' | 'model' | 'fallback'>;

/** The providers to try in order: the router's own choice unless the profile lists fallbacks. */
function providerPlan(options: RunAgentOptions, profile: AgentProfile): ProviderRoute[] {
  const first = options.provider ?? profile.preferences?.provider;
  const model = options.model ?? profile.preferences?.model;
  const fallbacks = (profile.preferences?.fallbackProviders ?? []).filter((name) => name !== first);
  if (first === undefined || fallbacks.length === 0) {
    return [{ ...optional('provider', first), ...optional('model', model) }];
  }
  return [
    { provider: first, ...optional('model', model), fallback: false },
    ...fallbacks.map((provider) => ({ provider, fallback: false })),
  ];
}

async function callModel(
  options: RunAgentOptions,
  profile: AgentProfile,
  request: ModelRequest,
  runId: string,
  onText: (text: string) => void,
): Promise<ModelResponse> {
  const emit = options.onEvent;
  const callOptions: ModelCallOptions = options.signal ? { signal: options.signal } : {};
  if (emit) {
    callOptions.onEvent = (event) => {
      const text = describeRouterEvent(event);
      if (text !== undefined) emit({ type: 'provider-event', runId, agent: profile.name, event, text });
    };
  }
  const client = redactingModelClient(options.client);
  if (options.stream === false) return client.generate(request, callOptions);
  for await (const event of client.stream(request, callOptions)) {
    if (event.type === 'text-delta') {
      onText(event.text);
      emit?.({ type: 'text-delta', runId, agent: profile.name, text: event.text });
    } else if (event.type === 'restart') {
      emit?.({
        type: 'text-restart',
        runId,
        agent: profile.name,
        discardedText: event.discardedText,
        toProvider: event.toProvider,
      });
    } else if (event.type === 'finish') return event.response;
  }
  throw new AutomatosxError(`the model stream for agent "${profile.name}" ended without a final answer`, {
    code: 'agent-stream-incomplete',
  });
}

/** `{ key: value }` when value is defined, `{}` otherwise (exactOptionalPropertyTypes forbids `key: undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
