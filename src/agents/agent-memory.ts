import type { Memory, MemoryContext } from '../memory/index.js';
import type { AgentEventListener } from './agent-events.js';

/** How many memories, within how many tokens, go into an agent's context. */
export interface MemoryContextOptions {
  /** Memories at most (default 5). */
  limit?: number;
  /** Estimated tokens at most (default 1,000). */
  maxTokens?: number;
}

/** Longest answer kept as a run's outcome: the gist, not a transcript. */
const maxOutcomeCharacters = 600;

/**
 * The memories relevant to this task, as prompt text ('' when none): the agent's own and shared ones,
 * never another agent's private notes. Reported as an event so a person can see what was recalled.
 * Memories help but are not needed: when the store cannot be read the run goes on without them and
 * the failure is reported as an event.
 */
export function recallMemories(
  memory: Memory,
  request: { runId: string; agent: string; task: string; options: MemoryContextOptions },
  emit: AgentEventListener,
): string {
  let recalled: MemoryContext;
  try {
    recalled = memory.contextFor({
      task: request.task,
      agent: request.agent,
      ...(request.options.limit === undefined ? {} : { limit: request.options.limit }),
      ...(request.options.maxTokens === undefined ? {} : { maxTokens: request.options.maxTokens }),
    });
  } catch (error) {
    emit({
      type: 'memory-error',
      runId: request.runId,
      agent: request.agent,
      error: `memories could not be recalled, the run goes on without them: ${messageOf(error)}`,
    });
    return '';
  }
  if (recalled.entries.length > 0) {
    emit({
      type: 'memory-recalled',
      runId: request.runId,
      agent: request.agent,
      entries: recalled.entries.map((entry) => entry.id),
      estimatedTokens: recalled.estimatedTokens,
    });
  }
  return recalled.text;
}

/**
 * Files how the run ended (its answer, or its error) so later runs of similar tasks can learn from it.
 * A run's result does not depend on this note: if the database refuses the write, the run keeps its
 * outcome and the failure is reported as an event instead of thrown.
 */
export function rememberOutcome(
  memory: Memory,
  outcome: { runId: string; agent: string; task: string; status: 'succeeded' | 'failed'; summary: string },
  emit: AgentEventListener,
): void {
  const summary =
    outcome.summary.length > maxOutcomeCharacters
      ? `${outcome.summary.slice(0, maxOutcomeCharacters)}…`
      : outcome.summary;
  try {
    memory.recordOutcome({ ...outcome, summary: summary || '(no answer text)' });
  } catch (error) {
    emit({
      type: 'memory-error',
      runId: outcome.runId,
      agent: outcome.agent,
      error: `the outcome of run ${outcome.runId} was not remembered: ${messageOf(error)}`,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
