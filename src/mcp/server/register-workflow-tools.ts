import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { allStepKinds } from '../../runtime/workflow-runtime.js';
import {
  buildGraph,
  type LoadedWorkflow,
  loadStoredWorkflow,
  loadWorkflowFile,
  type RunResult,
  type WorkflowEngine,
  type WorkflowEvent,
  WorkflowValidationError,
} from '../../workflows/index.js';
import { describeWorkflowEvent } from './describe-workflow-event.js';
import { executionReport, executionUri } from './execution-report.js';
import { followDispatchedRun } from './follow-dispatched-run.js';
import type { McpServerContext } from './mcp-server-context.js';
import { progressReporter, type ToolRequest } from './progress-reporter.js';
import { runToolResult } from './run-tool-result.js';
import { toolResult } from './tool-result.js';
import {
  authorizeShellSteps,
  displayPath,
  listWorkflowFiles,
  resolveWorkflowArgument,
} from './workflow-files.js';

const issueSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

const runOutputSchema = {
  executionId: z.string(),
  workflow: z.string(),
  state: z.string(),
  uri: z.string().describe('read it for the full report: automatosx://executions/{id}'),
  summary: z
    .object({
      duration: z.number(),
      stepsCompleted: z.number(),
      stepsFailed: z.number(),
      stepsSkipped: z.number(),
      usage: z.object({
        inputTokens: z.number(),
        outputTokens: z.number(),
        costUsd: z.number(),
        simulated: z.boolean(),
      }),
    })
    .optional()
    .describe('when the call waited for the end of the run'),
  error: z.string().optional(),
};

const waitField = z
  .boolean()
  .optional()
  .describe(
    'wait for the run to end (default: only when the client asked for progress notifications); otherwise the execution id comes back at once and the run goes on',
  );

const executionIdField = z.string().min(1).describe('execution id (ex-…), or a checkpoint id execution@seq');

/** The workflow engine's verbs: list, validate, run, status, approve, cancel, resume. */
export function registerWorkflowTools(server: McpServer, context: McpServerContext): void {
  server.registerTool(
    'list_workflows',
    {
      title: 'List workflows',
      description:
        'Workflow files of the project (workflows/, .automatosx/workflows/) and the bundled samples, with their descriptions.',
      inputSchema: {},
      outputSchema: {
        workflows: z.array(
          z.object({
            name: z.string(),
            file: z.string(),
            origin: z.enum(['project', 'bundled']),
            description: z.string().optional(),
            steps: z.number().optional(),
            error: z.string().optional(),
          }),
        ),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      const workflows = await Promise.all(
        listWorkflowFiles(context).map(async (entry) => {
          const shown = { ...entry, file: displayPath(context, entry.file) };
          try {
            const { definition } = await loadWorkflowFile(entry.file, { stepKinds: allStepKinds });
            return {
              ...shown,
              ...(definition.description === undefined ? {} : { description: definition.description }),
              steps: definition.steps.length,
            };
          } catch (error) {
            return { ...shown, error: error instanceof Error ? error.message : String(error) };
          }
        }),
      );
      return toolResult({ workflows }, `${workflows.length} workflows`);
    },
  );

  server.registerTool(
    'validate_workflow',
    {
      title: 'Validate a workflow',
      description:
        'Checks a workflow file (a path in the project, or a bundled sample name) and reports every problem with file:line:column.',
      inputSchema: { file: z.string().min(1).describe('workflow file (YAML or JSON) or sample name') },
      outputSchema: {
        valid: z.boolean(),
        file: z.string(),
        name: z.string().optional(),
        steps: z.number().optional(),
        levels: z.array(z.array(z.string())).optional(),
        issues: z.array(issueSchema).optional(),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ file }) => {
      const path = resolveWorkflowArgument(context, file);
      const agentNames = context.registry().keys();
      try {
        const loaded = await loadWorkflowFile(path, { stepKinds: allStepKinds, agentNames });
        const graph = buildGraph(loaded.definition.steps);
        return toolResult(
          {
            valid: true,
            file: displayPath(context, loaded.file),
            name: loaded.definition.name,
            steps: loaded.definition.steps.length,
            levels: graph.levels,
          },
          `valid: workflow '${loaded.definition.name}', ${loaded.definition.steps.length} steps in ${graph.levels.length} levels`,
        );
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        return toolResult(
          { valid: false, file, issues: error.issues },
          error.issues
            .map((issue) => `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`)
            .join('\n'),
        );
      }
    },
  );

  server.registerTool(
    'run_workflow',
    {
      title: 'Run a workflow',
      description:
        "Starts a durable run of a workflow file and returns its execution id at once (follow it with workflow_status or the automatosx://executions/{id} resource). With wait, or when the client asks for progress, the call lasts until the run ends and reports each step as progress. Cancelling a waiting call cancels the run. Shell (run:) steps need a server started with --permissions ask or auto. When runs are dispatched to workers (REDIS_URL with a PostgreSQL DATABASE_URL), the run is queued for `ax worker` processes (answered as queued; concurrency is the worker's), and a waiting call follows it there.",
      inputSchema: {
        workflow: z.string().min(1).describe('workflow file in the project, or a bundled sample name'),
        inputs: z.record(z.string(), z.unknown()).optional().describe("the workflow's inputs"),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .optional()
          .describe('steps in flight at once (ignored when runs go to workers)'),
        wait: waitField,
      },
      outputSchema: runOutputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    async ({ workflow, inputs, concurrency, wait }, request) => {
      const path = resolveWorkflowArgument(context, workflow);
      const loaded = await loadWorkflowFile(path, {
        stepKinds: allStepKinds,
        agentNames: context.registry().keys(),
      });
      await authorizeShellSteps(context, loaded);
      const dispatch = await context.dispatch();
      if (dispatch) {
        const executionId = await dispatch.submit(loaded, inputs ?? {});
        return followDispatchedRun(context, { executionId, state: 'queued', seq: 0 }, loaded, request, wait);
      }
      const engine = await context.engine();
      const executionId = context.newExecutionId();
      return follow(context, engine, loaded, executionId, request, wait, (signal) =>
        engine.run(loaded, {
          executionId,
          signal,
          ...(inputs === undefined ? {} : { inputs }),
          ...(concurrency === undefined ? {} : { concurrency }),
        }),
      );
    },
  );

  server.registerTool(
    'workflow_status',
    {
      title: 'Workflow status',
      description: "An execution's state, each step's status and output, model usage and its last events.",
      inputSchema: { executionId: executionIdField },
      outputSchema: {
        executionId: z.string(),
        workflow: z.string(),
        file: z.string(),
        state: z.string(),
        error: z.string().optional(),
        startedAt: z.string(),
        completedAt: z.string().optional(),
        resumeCount: z.number(),
        steps: z.array(z.looseObject({ key: z.string(), status: z.string(), attempt: z.number() })),
        usage: z.looseObject({}),
        events: z.array(z.looseObject({ seq: z.number(), type: z.string() })),
        uri: z.string(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ executionId }) => {
      const report = await executionReport(context, executionId);
      return toolResult(
        report,
        `${report.executionId} ${report.workflow}: ${report.state}${report.error ? ` — ${report.error}` : ''}`,
      );
    },
  );

  server.registerTool(
    'approve_step',
    {
      title: 'Approve a step',
      description:
        "Approves (or rejects) an approval step a run is waiting on. The decision is recorded as made by 'mcp:<client name>'; a step that names its approvers accepts only them.",
      inputSchema: {
        executionId: executionIdField,
        step: z.string().min(1).describe('the approval step key'),
        approve: z.boolean().default(true).describe('false rejects: the step fails'),
        comment: z.string().optional().describe('why'),
      },
      outputSchema: { executionId: z.string(), step: z.string(), approved: z.boolean(), by: z.string() },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async ({ executionId, step, approve, comment }) => {
      const by = `mcp:${server.server.getClientVersion()?.name ?? 'client'}`;
      const outcome = await context.control().approve(executionId, step, {
        approved: approve,
        by,
        ...(comment === undefined ? {} : { comment }),
      });
      return toolResult(
        { executionId: outcome.executionId, step, approved: approve, by },
        `${outcome.executionId} ${step}: ${approve ? 'approved' : 'rejected'} by ${by}`,
      );
    },
  );

  server.registerTool(
    'cancel_run',
    {
      title: 'Cancel a run',
      description:
        'Cancels an execution from any process: the process running it aborts its in-flight steps within a moment.',
      inputSchema: { executionId: executionIdField },
      outputSchema: {
        executionId: z.string(),
        state: z.string(),
        applied: z.boolean().describe('false: requested; the running process stops it shortly'),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ executionId }) => {
      const outcome = await context.control().requestStop(executionId, 'cancel');
      return toolResult(
        outcome,
        outcome.applied
          ? `${outcome.executionId}: ${outcome.state}`
          : `${outcome.executionId}: cancel requested`,
      );
    },
  );

  server.registerTool(
    'resume_run',
    {
      title: 'Resume a run',
      description:
        'Continues a paused, failed or crashed execution; steps that succeeded do not run again. Returns at once unless wait (or progress) is asked for, like run_workflow. When runs are dispatched to workers, the execution is handed back to them (queued again).',
      inputSchema: { executionId: executionIdField, wait: waitField },
      outputSchema: runOutputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    },
    async ({ executionId: id, wait }, request) => {
      const executionId = await context.control().resolveExecutionId(id);
      const loaded = await loadStoredWorkflow(context.store, executionId);
      if (loaded) await authorizeShellSteps(context, loaded);
      const dispatch = await context.dispatch();
      if (dispatch) return followDispatchedRun(context, await dispatch.resume(id), loaded, request, wait);
      const engine = await context.engine();
      return follow(context, engine, loaded, executionId, request, wait, (signal) =>
        engine.resume(id, { signal }),
      );
    },
  );
}

/**
 * Starts the run and either answers at once (once the execution is stored, so its status can be read)
 * or waits for its end, reporting each step as progress and cancelling the run if the call is cancelled.
 */
async function follow(
  context: McpServerContext,
  engine: WorkflowEngine,
  loaded: LoadedWorkflow | undefined,
  executionId: string,
  request: ToolRequest,
  wait: boolean | undefined,
  start: (signal: AbortSignal) => Promise<RunResult>,
) {
  const waiting = wait ?? request._meta?.progressToken !== undefined;
  const progress = progressReporter(request);
  if (waiting) progress.report(`execution ${executionId} started`);
  const controller = new AbortController();
  let started!: () => void;
  const stored = new Promise<void>((resolve) => {
    started = resolve;
  });
  const unsubscribe = engine.on((event: WorkflowEvent) => {
    if (event.executionId !== executionId) return;
    started();
    if (waiting) {
      const line = describeWorkflowEvent(event);
      if (line) progress.report(line);
    }
  });
  const run = context.track(executionId, controller, start(controller.signal));
  void run.finally(unsubscribe).catch(() => {});
  const uri = executionUri(executionId);
  if (!waiting) {
    await Promise.race([stored, run]);
    return toolResult(
      { executionId, workflow: loaded?.definition.name ?? '', state: 'executing', uri },
      `started ${executionId}; read ${uri} or call workflow_status for its progress`,
    );
  }
  const onCancel = () => controller.abort('cancel');
  request.signal.addEventListener('abort', onCancel, { once: true });
  try {
    const result = await run;
    await progress.flush();
    return runToolResult(executionId, result);
  } finally {
    request.signal.removeEventListener('abort', onCancel);
  }
}
