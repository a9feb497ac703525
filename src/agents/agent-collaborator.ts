import type { AgentRunResult, RunAgentOptions } from './run-agent.js';
import { runAgent } from './run-agent.js';

export type CollaboratorOutcome =
  | { agent: string; ok: true; result: AgentRunResult }
  | { agent: string; ok: false; error: string };

export interface CollaborationResult {
  task: string;
  outcomes: CollaboratorOutcome[];
  /** The combined answer: the synthesiser's, or each agent's answer under its name. */
  text: string;
  /** Present when a synthesiser agent combined the answers. */
  synthesis?: AgentRunResult;
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  simulated: boolean;
}

export interface CollaborateOptions extends Omit<RunAgentOptions, 'agent'> {
  /** Names, aliases or profiles of the agents that work on the task in parallel. */
  agents: ReadonlyArray<RunAgentOptions['agent']>;
  /** An agent that reads every answer and writes the combined one; without it the answers are joined. */
  synthesizer?: RunAgentOptions['agent'];
}

/**
 * Runs several agents on one task at once and aggregates their answers. One agent failing does not sink
 * the others: its error is reported in `outcomes` and left out of the combined text. Only when every
 * agent fails does the collaboration fail.
 */
export class AgentCollaborator {
  constructor(private readonly base: Omit<RunAgentOptions, 'agent' | 'task'>) {}

  async collaborate(
    task: string,
    agents: CollaborateOptions['agents'],
    synthesizer?: CollaborateOptions['synthesizer'],
  ): Promise<CollaborationResult> {
    const settled = await Promise.allSettled(agents.map((agent) => runAgent({ ...this.base, agent, task })));
    const outcomes: CollaboratorOutcome[] = settled.map((outcome, index) => {
      const requested = agents[index]!;
      const name = typeof requested === 'string' ? requested : requested.name;
      return outcome.status === 'fulfilled'
        ? { agent: outcome.value.agent, ok: true, result: outcome.value }
        : { agent: name, ok: false, error: errorText(outcome.reason) };
    });
    const succeeded = outcomes.filter((o): o is Extract<CollaboratorOutcome, { ok: true }> => o.ok);
    if (succeeded.length === 0) {
      const reasons = outcomes.map((o) => `${o.agent}: ${o.ok ? '' : o.error}`).join('; ');
      throw new Error(`every agent failed on the task (${reasons})`);
    }
    const joined = succeeded.map((o) => `## ${o.agent}\n\n${o.result.text.trim()}`).join('\n\n');
    const results = succeeded.map((o) => o.result);
    let synthesis: AgentRunResult | undefined;
    if (synthesizer !== undefined) {
      synthesis = await runAgent({
        ...this.base,
        agent: synthesizer,
        task: `Combine the answers of several specialists to this task into one answer, resolving disagreements and keeping what matters:\n\n${task}`,
        context: joined,
      });
      results.push(synthesis);
    }
    return {
      task,
      outcomes,
      text: synthesis?.text ?? joined,
      ...(synthesis ? { synthesis } : {}),
      usage: {
        inputTokens: results.reduce((sum, r) => sum + r.usage.inputTokens, 0),
        outputTokens: results.reduce((sum, r) => sum + r.usage.outputTokens, 0),
      },
      costUsd: results.reduce((sum, r) => sum + r.costUsd, 0),
      simulated: results.some((r) => r.simulated),
    };
  }
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
