import { z } from 'zod';
import { RunState } from '../workflows/index.js';

/** The HTTP API's shapes: requests are validated with them, and `/openapi.json` is generated from them. */
export const apiSchemas = z.registry<{ id: string }>();

function named<T extends z.ZodType>(id: string, schema: T): T {
  apiSchemas.add(schema, { id });
  return schema;
}

export const ErrorSchema = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. invalid-request, execution-unknown'),
      message: z.string(),
      issues: z
        .array(z.unknown())
        .optional()
        .describe('each problem with its field path, or file/line/column for workflow text'),
    }),
  }),
);

export const RunStateSchema = z.enum(Object.values(RunState) as [RunState, ...RunState[]]);

export const ExecutionSchema = named(
  'Execution',
  z.object({
    id: z.string(),
    workflowId: z.string(),
    workflowName: z.string(),
    file: z.string(),
    state: RunStateSchema,
    inputs: z.record(z.string(), z.unknown()),
    parentExecutionId: z.string().optional(),
    parentStepKey: z.string().optional(),
    startedAt: z.number().describe('ms since the epoch'),
    updatedAt: z.number(),
    completedAt: z.number().optional(),
    error: z.string().optional(),
    resumeCount: z.number().int(),
    control: z.enum(['pause', 'cancel']).optional().describe('a stop requested and not yet applied'),
    runningIn: z.object({ pid: z.number(), host: z.string() }).optional(),
  }),
);

export const UsageSchema = named(
  'Usage',
  z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    costUsd: z.number(),
    simulated: z.boolean(),
    provider: z.string().optional(),
    model: z.string().optional(),
  }),
);

export const StepSchema = named(
  'Step',
  z.object({
    executionId: z.string(),
    key: z.string(),
    status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled']),
    attempt: z.number().int(),
    output: z.unknown().optional(),
    outputs: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
    reason: z.string().optional(),
    usage: UsageSchema.optional(),
    startedAt: z.number().optional(),
    finishedAt: z.number().optional(),
  }),
);

export const EventSchema = named(
  'Event',
  z.object({
    executionId: z.string(),
    seq: z.number().int().describe('1, 2, 3… per execution; the SSE id of the per-execution stream'),
    type: z.string().describe('workflow_started, step_started, step_completed, approval_requested, …'),
    stepKey: z.string().optional(),
    attempt: z.number().int().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    at: z.number(),
  }),
);

export const ExecutionListSchema = named(
  'ExecutionList',
  z.object({
    executions: z.array(ExecutionSchema),
    nextCursor: z.string().optional().describe('pass as ?cursor= for the next page'),
  }),
);

export const ExecutionDetailSchema = named(
  'ExecutionDetail',
  z.object({
    execution: ExecutionSchema,
    steps: z.array(StepSchema),
    usage: UsageSchema,
    pendingApprovals: z.array(z.object({ key: z.string(), message: z.string() })),
  }),
);

export const GraphSchema = named(
  'Graph',
  z.object({
    width: z.number(),
    height: z.number(),
    nodes: z.array(
      z.object({
        key: z.string(),
        kind: z.string(),
        x: z.number(),
        y: z.number(),
        width: z.number(),
        height: z.number(),
      }),
    ),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        points: z.array(z.object({ x: z.number(), y: z.number() })),
      }),
    ),
  }),
);

export const StepDetailSchema = named(
  'StepDetail',
  z.object({
    step: StepSchema,
    transcript: z
      .object({
        agent: z.string(),
        task: z.string(),
        status: z.string(),
        text: z.string().optional(),
        toolCalls: z.array(z.unknown()),
      })
      .optional()
      .describe("an agent step's run: its task, answer and tool calls"),
  }),
);

const sinceSchema = z
  .string()
  .refine((value) => parseTime(value) !== undefined, 'expected an ISO date or milliseconds since the epoch')
  .describe('ISO date or ms since the epoch');

export const ExecutionListQuery = z.object({
  state: RunStateSchema.optional(),
  workflow: z.string().min(1).optional().describe('workflow name'),
  since: sinceSchema.optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const SubmitRunBody = named(
  'SubmitRun',
  z
    .object({
      workflow: z
        .string()
        .regex(/^[A-Za-z0-9][\w.-]*$/, 'a workflow name from workflows/ (letters, digits, . _ -)')
        .optional()
        .describe('name of a workflow in the project workflows/ folder or a bundled sample'),
      source: z.string().min(1).max(1_000_000).optional().describe('inline workflow as YAML or JSON text'),
      inputs: z.record(z.string(), z.unknown()).default({}),
      concurrency: z.number().int().min(1).max(64).optional(),
    })
    .refine((body) => (body.workflow === undefined) !== (body.source === undefined), {
      message: 'give exactly one of workflow (a name) or source (inline YAML or JSON)',
      path: ['workflow'],
    }),
);

export const SubmittedRunSchema = named(
  'SubmittedRun',
  z.object({ executionId: z.string(), state: RunStateSchema, links: z.record(z.string(), z.string()) }),
);

export const ResumeBody = named(
  'Resume',
  z.object({
    checkpoint: z
      .string()
      .regex(/^.+@\d+$/)
      .optional()
      .describe('resume from this checkpoint (execution@seq) instead of the latest state'),
  }),
);

export const ControlResultSchema = named(
  'ControlResult',
  z.object({ executionId: z.string(), state: z.string(), applied: z.boolean() }),
);

export const ApprovalBody = named(
  'Approval',
  z.object({
    decision: z.enum(['approve', 'reject']),
    by: z.string().min(1).max(200).optional().describe('who decides (default: api)'),
    comment: z.string().max(10_000).optional(),
  }),
);

export const RouteBody = named(
  'RouteTask',
  z.object({ task: z.string().min(1).max(20_000), limit: z.number().int().min(1).max(21).optional() }),
);

export const SearchQuery = z.object({
  q: z.string().min(1).max(1_000),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const SessionBody = named('Session', z.object({ token: z.string().min(1) }));

/** Milliseconds from an ISO date or a number of ms; undefined when neither. */
export function parseTime(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
