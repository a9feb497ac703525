import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allStepKinds, checkAgentNames } from '../runtime/workflow-runtime.js';
import type { ExecutionRecord, StepRecord } from '../store/index.js';
import {
  deserializeWorkflow,
  loadWorkflowFile,
  loadWorkflowSource,
  totalUsage,
  type WorkflowDefinition,
} from '../workflows/index.js';
import { ApiError } from './api-error.js';
import type { ApiRoutes } from './api-route.js';
import {
  ApprovalBody,
  ControlResultSchema,
  ExecutionDetailSchema,
  ExecutionListQuery,
  ExecutionListSchema,
  GraphSchema,
  parseTime,
  ResumeBody,
  StepDetailSchema,
  SubmitRunBody,
  SubmittedRunSchema,
} from './api-schemas.js';
import { streamAllEvents, streamExecutionEvents } from './event-streams.js';
import type { ServerServices } from './server-services.js';
import { layoutWorkflow } from './workflow-layout.js';

const base = '/api/v1';

export interface ExecutionRouteOptions {
  services: ServerServices;
  /** Counts open event streams (metrics); returns the function that counts one closed. */
  onStreamOpen?: () => () => void;
}

/** Executions: list, submit, inspect, control, approve, and their events live. */
export function addExecutionRoutes(routes: ApiRoutes, options: ExecutionRouteOptions): void {
  const { services } = options;
  const { store, engine, launcher } = services;
  const streams = {
    store,
    feed: services.feed,
    ...(options.onStreamOpen ? { onOpen: options.onStreamOpen } : {}),
  };
  const existing = async (id: string): Promise<ExecutionRecord> => {
    const executionId = id.includes('@') ? ((await store.getCheckpoint(id))?.executionId ?? id) : id;
    const execution = await store.getExecution(executionId);
    if (!execution) throw new ApiError(404, 'execution-unknown', `no execution '${id}'`);
    return execution;
  };

  routes.add(
    {
      method: 'get',
      path: `${base}/executions`,
      summary: 'List executions, newest first (filter by state, workflow, start time; cursor pagination)',
      tag: 'executions',
      query: ExecutionListQuery,
      response: ExecutionListSchema,
      errors: [400],
    },
    async (c, { query }) => {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const since = query.since === undefined ? undefined : parseTime(query.since);
      const page = await store.listExecutions({
        parentExecutionId: null,
        limit: query.limit + 1,
        ...(query.state ? { state: query.state } : {}),
        ...(query.workflow ? { workflowName: query.workflow } : {}),
        ...(since === undefined ? {} : { since }),
        ...(after ? { after } : {}),
      });
      const more = page.length > query.limit;
      const executions = page.slice(0, query.limit);
      const last = executions.at(-1);
      return c.json({
        executions: executions.map(publicExecution),
        ...(more && last ? { nextCursor: encodeCursor(last) } : {}),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${base}/executions`,
      summary: 'Run a workflow (by name from workflows/, or inline YAML/JSON) with inputs',
      tag: 'executions',
      body: SubmitRunBody,
      response: SubmittedRunSchema,
      status: 202,
      errors: [400, 404],
    },
    async (c, { body }) => {
      const loaded =
        body.source !== undefined
          ? await loadWorkflowSource(body.source, {
              stepKinds: allStepKinds,
              name: 'inline.yaml',
              directory: services.projectDirectory,
            })
          : await loadWorkflowFile(findWorkflow(services.workflowDirectories, body.workflow!), {
              stepKinds: allStepKinds,
            });
      checkAgentNames(loaded, services.registry.keys());
      const executionId = await launcher.start(loaded, {
        inputs: body.inputs,
        ...(body.concurrency === undefined ? {} : { concurrency: body.concurrency }),
      });
      const state = launcher.dispatched ? 'queued' : 'executing';
      return c.json({ executionId, state, links: executionLinks(executionId) }, 202);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/executions/:id`,
      summary: 'An execution with its steps, model usage and waiting approvals',
      tag: 'executions',
      response: ExecutionDetailSchema,
      errors: [404],
    },
    async (c, { params }) => {
      const execution = await existing(params.id!);
      const steps = await store.getSteps(execution.id);
      const definition = await definitionOf(execution);
      return c.json({
        execution: publicExecution(execution),
        steps,
        usage: totalUsage(steps),
        pendingApprovals: pendingApprovals(definition, steps),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/executions/:id/graph`,
      summary: "The execution's workflow as a laid-out DAG (dagre): boxes and edge points",
      tag: 'executions',
      response: GraphSchema,
      errors: [404],
    },
    async (c, { params }) => {
      const execution = await existing(params.id!);
      const definition = await definitionOf(execution);
      if (!definition)
        throw new ApiError(
          404,
          'workflow-unknown',
          `the workflow of execution ${execution.id} is not stored`,
        );
      return c.json(layoutWorkflow(definition));
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/executions/:id/events`,
      summary: "The execution's events as Server-Sent Events; reconnect with Last-Event-ID to miss nothing",
      tag: 'events',
      produces: 'text/event-stream',
      errors: [400, 404],
    },
    async (c, { params }) => {
      const execution = await existing(params.id!);
      const after = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0);
      if (!Number.isInteger(after) || after < 0)
        throw new ApiError(400, 'invalid-request', 'Last-Event-ID: expected an event sequence number');
      return streamExecutionEvents(c, execution.id, after, streams);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/events`,
      summary: 'Events of every execution as one Server-Sent Events stream (ids are event times in ms)',
      tag: 'events',
      produces: 'text/event-stream',
      errors: [400],
    },
    (c) => {
      const last = c.req.header('last-event-id') ?? c.req.query('since');
      const since = last === undefined ? undefined : parseTime(last);
      if (last !== undefined && since === undefined)
        throw new ApiError(400, 'invalid-request', 'Last-Event-ID: expected a time in ms');
      return streamAllEvents(c, since, streams);
    },
  );

  routes.add(
    {
      method: 'get',
      path: `${base}/executions/:id/steps/:key`,
      summary: "A step's state and output, with the agent's transcript for agent steps",
      tag: 'executions',
      response: StepDetailSchema,
      errors: [404],
    },
    async (c, { params }) => {
      const execution = await existing(params.id!);
      const step = (await store.getSteps(execution.id)).find((candidate) => candidate.key === params.key);
      if (!step)
        throw new ApiError(404, 'step-unknown', `execution ${execution.id} has no step '${params.key}' yet`);
      const runId = step.outputs?.runId;
      const run = typeof runId === 'string' ? services.agentRuns.get(runId) : undefined;
      return c.json({
        step,
        ...(run
          ? {
              transcript: {
                agent: run.agent,
                task: run.task,
                status: run.status,
                ...(run.text === undefined ? {} : { text: run.text }),
                toolCalls: run.toolCalls,
              },
            }
          : {}),
      });
    },
  );

  for (const request of ['pause', 'cancel'] as const) {
    routes.add(
      {
        method: 'post',
        path: `${base}/executions/:id/${request}`,
        summary: `${request === 'pause' ? 'Pause' : 'Cancel'} an execution, wherever it runs`,
        tag: 'executions',
        response: ControlResultSchema,
        errors: [404, 409],
      },
      async (c, { params }) => {
        const execution = await existing(params.id!);
        return c.json(await engine.requestStop(execution.id, request));
      },
    );
  }

  routes.add(
    {
      method: 'post',
      path: `${base}/executions/:id/resume`,
      summary:
        'Resume a paused, failed or interrupted execution (from its failed step, or a checkpoint); with workers, hand it back to them (`queued`)',
      tag: 'executions',
      body: ResumeBody,
      response: SubmittedRunSchema,
      status: 202,
      errors: [400, 404, 409],
    },
    async (c, { params, body }) => {
      const execution = await existing(body.checkpoint ?? params.id!);
      if (body.checkpoint !== undefined && execution.id !== params.id)
        throw new ApiError(
          400,
          'invalid-request',
          `body.checkpoint: ${body.checkpoint} belongs to execution ${execution.id}, not ${params.id}`,
        );
      const { executionId, state } = await launcher.resume(body.checkpoint ?? execution.id);
      return c.json({ executionId, state, links: executionLinks(executionId) }, 202);
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${base}/executions/:id/approvals/:step`,
      summary: 'Approve or reject a waiting approval step',
      tag: 'executions',
      body: ApprovalBody,
      errors: [400, 403, 404, 409],
    },
    async (c, { params, body }) => {
      const execution = await existing(params.id!);
      const by = body.by ?? 'api';
      await engine.approve(execution.id, params.step!, {
        approved: body.decision === 'approve',
        by,
        ...(body.comment === undefined ? {} : { comment: body.comment }),
      });
      return c.json({ executionId: execution.id, step: params.step, decision: body.decision, by });
    },
  );

  async function definitionOf(execution: ExecutionRecord): Promise<WorkflowDefinition | undefined> {
    const workflow = await store.getWorkflow(execution.workflowId);
    return workflow ? deserializeWorkflow(workflow.definition).definition : undefined;
  }
}

/** The record as clients see it: where it runs, not the lease's internals. */
export function publicExecution(execution: ExecutionRecord) {
  const { lease, ...rest } = execution;
  return { ...rest, ...(lease ? { runningIn: { pid: lease.pid, host: lease.host } } : {}) };
}

function executionLinks(executionId: string): Record<string, string> {
  const self = `${base}/executions/${encodeURIComponent(executionId)}`;
  return { self, events: `${self}/events`, dashboard: `/#/executions/${encodeURIComponent(executionId)}` };
}

/** Approval steps now waiting for a person, with their message as written in the workflow. */
function pendingApprovals(definition: WorkflowDefinition | undefined, steps: readonly StepRecord[]) {
  if (!definition) return [];
  const running = new Set(steps.filter((step) => step.status === 'running').map((step) => step.key));
  return definition.steps
    .filter((step) => step.approval !== undefined && running.has(step.key))
    .map((step) => ({
      key: step.key,
      message:
        typeof step.approval === 'string'
          ? step.approval
          : typeof step.approval === 'object'
            ? step.approval.message
            : `approve step '${step.key}'`,
    }));
}

function findWorkflow(directories: readonly string[], name: string): string {
  for (const directory of directories) {
    for (const extension of ['.yaml', '.yml', '.json']) {
      const file = join(directory, `${name}${extension}`);
      if (existsSync(file)) return file;
    }
  }
  throw new ApiError(404, 'workflow-unknown', `no workflow '${name}' in ${directories.join(' or ')}`);
}

function encodeCursor(execution: ExecutionRecord): string {
  return Buffer.from(JSON.stringify([execution.startedAt, execution.id])).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: number; id: string } {
  try {
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startedAt === 'number' && typeof id === 'string') return { startedAt, id };
  } catch {
    // Reported below.
  }
  throw new ApiError(400, 'invalid-request', 'query.cursor: not a cursor this API returned', {
    issues: [{ path: ['query', 'cursor'], message: 'not a cursor this API returned' }],
  });
}
