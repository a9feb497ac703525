import { z } from 'zod';

/**
 * The workflow file format: the single source of truth. The JSON Schema for editors
 * (schema/workflow.schema.json) is generated from these definitions, never written by hand.
 */

const stepKeyPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Milliseconds, or a duration string such as `500ms`, `30s`, `5m`, `1h`. */
export const DurationSchema = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/)])
  .describe('milliseconds, or a duration such as 500ms, 30s, 5m, 1h');

export const RetrySchema = z
  .strictObject({
    attempts: z.number().int().min(1).max(100).describe('total attempts, the first one included'),
    backoff: z
      .strictObject({
        initial: DurationSchema.optional().describe('wait before the second attempt (default 1s)'),
        factor: z.number().min(1).max(10).optional().describe('growth per attempt (default 2)'),
        max: DurationSchema.optional().describe('longest wait between attempts (default 30s)'),
      })
      .optional(),
  })
  .describe('how often a failed step is tried again');

export const RunSchema = z.union([
  z.string().min(1).describe('shell command'),
  z.strictObject({
    command: z.string().min(1),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    shell: z.string().optional().describe('shell to run the command with (default /bin/sh)'),
  }),
]);

export const ApprovalSchema = z.union([
  z.literal(true),
  z.string().min(1).describe('what the approver is asked'),
  z.strictObject({
    message: z.string().min(1),
    approvers: z.array(z.string()).optional(),
  }),
]);

/** Any JSON Schema; in the editors' schema it points at the draft-07 meta-schema (see workflow-json-schema.ts). */
export const OutputJsonSchema = z
  .record(z.string(), z.unknown())
  .describe('JSON Schema (draft-07) of the answer, inline or { $ref: path/to/schema.json }');

export const StepOutputSchema = z
  .strictObject({
    schema: OutputJsonSchema,
    description: z.string().optional().describe('what the answer is, told to the model with the schema'),
  })
  .describe('a structured answer: agent and prompt steps return a JSON value that matches schema');

export const StepSchema = z
  .strictObject({
    key: z.string().regex(stepKeyPattern, 'a step key starts with a letter and has letters, digits, - or _'),
    name: z.string().optional(),
    description: z.string().optional(),
    dependsOn: z.union([z.string(), z.array(z.string())]).optional(),
    if: z.string().optional().describe('expression; the step is skipped when it is false'),
    continueOnError: z.boolean().optional(),
    retry: RetrySchema.optional(),
    timeout: DurationSchema.optional(),
    outputs: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
      .optional()
      .describe('named outputs the step sets'),
    output: StepOutputSchema.optional(),
    forEach: z
      .union([z.string(), z.array(z.unknown())])
      .optional()
      .describe('run the step once per item; ${{ item }} and ${{ index }} name the current one'),
    concurrency: z.number().int().min(1).optional().describe('items of a forEach run at once'),
    agent: z.string().optional(),
    action: z.string().optional(),
    prompt: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    permissions: z.enum(['read-only', 'ask', 'auto']).optional(),
    run: RunSchema.optional(),
    approval: ApprovalSchema.optional(),
    workflow: z.string().optional().describe('path of a sub-workflow, relative to this file'),
    with: z.record(z.string(), z.unknown()).optional().describe('inputs passed to a sub-workflow'),
  })
  .describe('one unit of work');

export const InputSchema = z.strictObject({
  type: z.enum(['string', 'number', 'boolean', 'array', 'object']).default('string'),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: z.unknown().optional(),
});

export const WorkflowSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1),
    version: z.union([z.string(), z.number()]).optional(),
    description: z.string().optional(),
    inputs: z.record(z.string(), InputSchema).optional(),
    concurrency: z.number().int().min(1).optional().describe('steps of this workflow run at once'),
    permissions: z.enum(['read-only', 'ask', 'auto']).optional(),
    steps: z.array(StepSchema).min(1),
  })
  .describe('An AutomatosX workflow');

export type Duration = z.infer<typeof DurationSchema>;
export type RetryPolicy = z.infer<typeof RetrySchema>;
export type WorkflowInput = z.infer<typeof InputSchema>;
export type WorkflowStep = z.infer<typeof StepSchema>;
export type StepOutput = z.infer<typeof StepOutputSchema>;
export type WorkflowDefinition = z.infer<typeof WorkflowSchema>;

/** The kinds of step; each is carried out by a StepExecutor registered under the same name. */
export const StepKind = {
  run: 'run',
  approval: 'approval',
  workflow: 'workflow',
  agent: 'agent',
  prompt: 'prompt',
} as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

/**
 * A step's kind follows from the field that says what it does. A step with `agent` or `action` is an
 * agent step; a bare `prompt` goes to a model directly. The validator rejects steps with two kinds.
 */
export function stepKindsOf(step: WorkflowStep): StepKind[] {
  const kinds: StepKind[] = [];
  if (step.run !== undefined) kinds.push(StepKind.run);
  if (step.approval !== undefined) kinds.push(StepKind.approval);
  if (step.workflow !== undefined) kinds.push(StepKind.workflow);
  if (step.agent !== undefined || step.action !== undefined) kinds.push(StepKind.agent);
  else if (step.prompt !== undefined) kinds.push(StepKind.prompt);
  return kinds;
}

/** Converts a Duration to milliseconds. */
export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(duration);
  if (!match) throw new RangeError(`not a duration: ${duration}`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

/** `dependsOn` as a list, whichever form the file used. */
export function dependenciesOf(step: WorkflowStep): string[] {
  if (step.dependsOn === undefined) return [];
  return typeof step.dependsOn === 'string' ? [step.dependsOn] : step.dependsOn;
}
