import type { StepRecord } from '../store/index.js';

/** Tokens and cost of a run: the sum over its steps (sub-workflow steps count in their own run). */
export function totalUsage(steps: readonly StepRecord[]) {
  const total = { inputTokens: 0, outputTokens: 0, costUsd: 0, simulated: false };
  for (const { usage } of steps) {
    if (!usage) continue;
    total.inputTokens += Number(usage.inputTokens ?? 0);
    total.outputTokens += Number(usage.outputTokens ?? 0);
    total.costUsd += Number(usage.costUsd ?? 0);
    total.simulated ||= usage.simulated === true;
  }
  return total;
}
