import { tool } from 'ai';
import { z } from 'zod';
import type { AgentProfile } from '../agent-profile-schema.js';
import { checkDelegation, DelegationError } from '../delegation.js';

export const delegateInputSchema = z.object({
  agent: z.string().min(1).describe('name of the agent to hand the subtask to'),
  task: z
    .string()
    .min(1)
    .describe('the subtask, self-contained: the other agent does not see this conversation'),
  context: z.string().optional().describe('facts the other agent needs (file names, findings so far)'),
});

export interface DelegateResult {
  agent: string;
  text: string;
  runId?: string;
}

/** How the delegate tool reaches other agents; the runtime provides it, which keeps this file free of it. */
export interface Delegator {
  /** From the first agent of the run to the one using the tool. */
  chain: readonly AgentProfile[];
  maxDepth: number;
  find(name: string): AgentProfile;
  run(
    target: AgentProfile,
    task: string,
    context: string | undefined,
    signal?: AbortSignal,
  ): Promise<DelegateResult>;
}

/** The `delegate` tool: runs another agent on a subtask and returns its answer as the tool result. */
export function createDelegateTool(delegator: Delegator) {
  const from = delegator.chain.at(-1);
  const allowed = from?.canDelegateTo.join(', ') ?? '';
  return tool({
    description: `Hand a self-contained subtask to another specialist agent and get its answer. Allowed agents: ${allowed}.`,
    inputSchema: delegateInputSchema,
    execute: async (input, { abortSignal }): Promise<DelegateResult> => {
      const target = delegator.find(input.agent);
      checkDelegation(delegator.chain, target, delegator.maxDepth);
      try {
        return await delegator.run(target, input.task, input.context, abortSignal);
      } catch (error) {
        if (error instanceof DelegationError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new DelegationError(`delegate "${target.name}" failed: ${reason}`, 'delegate-failed', error);
      }
    },
  });
}
