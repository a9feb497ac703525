import { AutomatosxError } from '../errors/index.js';
import type { AgentProfile } from './agent-profile-schema.js';

/** A delegation was refused (not allowed, too deep, a cycle) or the delegate failed. */
export class DelegationError extends AutomatosxError {
  constructor(message: string, code = 'delegation-refused', cause?: unknown) {
    super(message, { code, cause });
  }
}

/**
 * Checks that the last agent of `chain` may hand a subtask to `target`:
 * - `target` is in its `canDelegateTo`;
 * - `target` is not already in the chain (a → b → a would loop);
 * - no agent in the chain has its own `maxDelegationDepth` exceeded by the new level, and the chain
 *   stays within `maxDepth` overall. An agent's limit counts the levels below it.
 */
export function checkDelegation(
  chain: readonly AgentProfile[],
  target: AgentProfile,
  maxDepth: number,
): void {
  const from = chain.at(-1);
  if (!from) throw new DelegationError('delegation needs a delegating agent');
  const path = [...chain.map((agent) => agent.name), target.name].join(' → ');
  if (!from.canDelegateTo.includes(target.name)) {
    const allowed = from.canDelegateTo.length > 0 ? from.canDelegateTo.join(', ') : 'none';
    throw new DelegationError(
      `agent "${from.name}" may not delegate to "${target.name}" (it may delegate to: ${allowed})`,
      'delegation-not-allowed',
    );
  }
  if (chain.some((agent) => agent.name === target.name)) {
    throw new DelegationError(`delegation cycle refused: ${path}`, 'delegation-cycle');
  }
  const newDepth = chain.length;
  if (newDepth > maxDepth) {
    throw new DelegationError(`delegation depth limit ${maxDepth} reached: ${path}`, 'delegation-depth');
  }
  chain.forEach((agent, index) => {
    const levelsBelow = newDepth - index;
    if (levelsBelow > agent.maxDelegationDepth) {
      throw new DelegationError(
        `delegation depth limit of agent "${agent.name}" (${agent.maxDelegationDepth}) reached: ${path}`,
        'delegation-depth',
      );
    }
  });
}
