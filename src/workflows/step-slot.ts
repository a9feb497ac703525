import { StepStatus } from './state-machine.js';
import {
  dependenciesOf,
  durationMs,
  type StepKind,
  stepKindsOf,
  type WorkflowStep,
} from './workflow-schema.js';

/** What a run knows of one step: its definition, where it stands, and who waits for it. */
export interface StepSlot {
  readonly step: WorkflowStep;
  readonly kind: StepKind;
  readonly timeoutMs: number | undefined;
  /** Indexes of the steps that depend on this one. */
  readonly dependents: number[];
  status: StepStatus;
  attempt: number;
  startedAt: number;
  /** Dependencies that have not finished yet; the step is ready at 0. */
  remaining: number;
}

/** One slot per step, in definition order, with each step's dependents filled in. */
export function createStepSlots(
  steps: readonly WorkflowStep[],
  index: ReadonlyMap<string, number>,
): StepSlot[] {
  const slots: StepSlot[] = steps.map((step) => ({
    step,
    kind: stepKindsOf(step)[0]!,
    timeoutMs: step.timeout === undefined ? undefined : durationMs(step.timeout),
    dependents: [],
    status: StepStatus.pending,
    attempt: 0,
    startedAt: 0,
    remaining: 0,
  }));
  steps.forEach((step, i) => {
    const deps = dependenciesOf(step);
    slots[i]!.remaining = deps.length;
    for (const dep of deps) slots[index.get(dep)!]!.dependents.push(i);
  });
  return slots;
}
