import {
  type AgentEvent,
  type AgentRegistry,
  type AgentRunStore,
  type Approver,
  narrowerMode,
  type PermissionMode,
  PermissionPolicy,
  type RunAgentOptions,
  runAgent,
  TaskRouter,
  unsandboxedWarning,
} from '../../agents/index.js';
import type { ModelClient } from '../../providers/index.js';
import { describeOutputIssues, type OutputOption, OutputSchemaError } from '../../structured-output/index.js';
import type { StepExecutionContext, StepExecutor, StepResult } from '../step-executor.js';
import { StepFailedError, StepOutputSchemaError } from '../workflow-errors.js';
import { dependenciesOf, type StepOutput } from '../workflow-schema.js';
import { recordProviderEvent } from './record-provider-event.js';

/** `codeIndex` and `memory` give agents those tools; memories from earlier runs go into each step's context. */
export interface AgentStepExecutorOptions
  extends Pick<RunAgentOptions, 'codeIndex' | 'memory' | 'memoryContext' | 'unsandboxed' | 'mcp'> {
  client: ModelClient;
  registry: AgentRegistry;
  /** Records each agent run for `ax runs`. */
  runStore?: AgentRunStore;
  /** Permission mode of steps and workflows that set none: unattended runs default to read-only. */
  permissions?: PermissionMode;
  /** The widest mode any step may have, whatever the file says (e.g. read-only for runs started over MCP). */
  maxPermissions?: PermissionMode;
  /** Asks a person when a step's mode is `ask`; without one, such actions are refused. */
  approver?: Approver;
  /** Folder the agents' tools are confined to (default: the working directory). */
  workspace?: string;
  /** Every event of every agent run (turns, tool calls and refusals), e.g. for metrics and traces. */
  onAgentEvent?: (event: AgentEvent) => void;
}

/**
 * Gives an agent step to an agent: the one it names, or the one the task router ranks first for its
 * action, prompt and the workflow's description (the choice and its reasons go to the run's event log).
 * The task carries the step's inputs and the outputs of the steps it depends on.
 */
export function createAgentStepExecutor(options: AgentStepExecutorOptions): StepExecutor {
  const router = new TaskRouter(options.registry.list());
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const { step } = context;
      const task = describeTask(context);
      const agent =
        step.agent === undefined ? await chooseAgent(context, router, task) : context.render(step.agent);
      const dependencyOutputs: Record<string, unknown> = {};
      for (const dependency of dependenciesOf(step)) {
        dependencyOutputs[dependency] = context.expressions.steps[dependency]?.output ?? null;
      }
      const lines = lineBuffer((line) => context.log(line));
      if (options.unsandboxed) {
        await context.record('sandbox_disabled', { warning: unsandboxedWarning });
        context.log(`WARNING: ${unsandboxedWarning}`, 'stderr');
      }
      const recorded: Promise<void>[] = [];
      const result = await runAgent({
        agent,
        task,
        context: {
          workflow: context.workflow.name,
          inputs: context.expressions.inputs,
          previousSteps: dependencyOutputs,
        },
        signal: context.signal,
        client: options.client,
        registry: options.registry,
        permissions: new PermissionPolicy(
          narrowerMode(
            step.permissions ?? context.workflow.permissions ?? options.permissions ?? 'read-only',
            options.maxPermissions,
          ),
          options.approver,
        ),
        ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
        ...(options.runStore === undefined ? {} : { store: options.runStore }),
        ...(options.codeIndex === undefined ? {} : { codeIndex: options.codeIndex }),
        ...(options.memory === undefined ? {} : { memory: options.memory }),
        ...(options.memoryContext === undefined ? {} : { memoryContext: options.memoryContext }),
        ...(options.unsandboxed ? { unsandboxed: true } : {}),
        ...(options.mcp === undefined ? {} : { mcp: options.mcp }),
        ...(step.provider === undefined ? {} : { provider: context.render(step.provider) }),
        ...(step.model === undefined ? {} : { model: context.render(step.model) }),
        ...(step.output === undefined ? {} : { output: outputOption(step.output, step.key) }),
        usageGroup: context.executionId,
        onEvent: (event: AgentEvent) => {
          options.onAgentEvent?.(event);
          if (event.type === 'output-repair') {
            lines.flush();
            context.log(
              `the answer does not match the output schema (${describeOutputIssues(event.issues)}); asking once to repair it`,
            );
            recorded.push(context.record('output_repair', { issues: event.issues }));
          } else if (event.type === 'text-delta') lines.write(event.text);
          else if (event.type === 'text-restart')
            lines.write(`\n[answer restarted on ${event.toProvider}]\n`);
          else if (event.type === 'tool-call') lines.write(`\n[${event.agent} → ${event.toolName}]\n`);
          else if (event.type === 'provider-event') recordProviderEvent(context, event.event, event.text);
        },
      }).catch((error: unknown) => {
        if (OutputSchemaError.isInstance(error)) {
          throw new StepOutputSchemaError(context.key, error.issues, error.answer, { cause: error });
        }
        throw error;
      });
      lines.flush();
      await Promise.all(recorded);
      if (result.finishReason === 'content-filter') {
        throw new StepFailedError(
          `agent '${result.agent}' of step '${context.key}' was refused by the provider's content filter`,
          context.key,
        );
      }
      return {
        output: step.output === undefined ? result.text : result.object,
        outputs: { agent: result.agent, runId: result.runId, toolCalls: result.toolCalls.length },
        usage: {
          provider: result.provider,
          model: result.model,
          inputTokens: result.usage.inputTokens,
          outputTokens: result.usage.outputTokens,
          costUsd: result.costUsd,
          simulated: result.simulated,
        },
      };
    },
  };
}

/** A step's `output:` as the agent runtime takes it; the step key names the answer for the provider. */
export function outputOption(output: StepOutput, key: string): OutputOption {
  return {
    schema: output.schema,
    name: key.replace(/[^A-Za-z0-9_-]/g, '_'),
    ...(output.description === undefined ? {} : { description: output.description }),
  };
}

/** The action (`scan-vulnerabilities` → "scan vulnerabilities") and the rendered prompt, as one task. */
export function describeTask(context: StepExecutionContext): string {
  const { step } = context;
  const parts: string[] = [];
  if (step.action !== undefined) parts.push(`Action: ${context.render(step.action).replace(/[-_]+/g, ' ')}.`);
  if (step.prompt !== undefined) parts.push(context.render(step.prompt));
  if (step.description !== undefined) parts.push(step.description);
  return parts.join('\n');
}

async function chooseAgent(context: StepExecutionContext, router: TaskRouter, task: string): Promise<string> {
  const routed = router.route(`${task}\n${context.workflow.description ?? ''}`);
  const best = routed.matches[0];
  if (!best) {
    throw new StepFailedError(
      `step '${context.key}' names no agent and the task router matched none to "${task}"; add 'agent:' to the step`,
      context.key,
      { code: 'agent-not-routed' },
    );
  }
  const reasons = best.reasons
    .slice(0, 5)
    .map((reason) => `${reason.term} (${reason.source}: ${reason.label})`);
  await context.record('agent_selected', {
    agent: best.agent,
    confidence: Number(best.confidence.toFixed(3)),
    reasons,
    runnersUp: routed.matches
      .slice(1, 4)
      .map((match) => ({ agent: match.agent, score: Number(match.score.toFixed(2)) })),
  });
  context.log(`task router chose ${best.agent} (${reasons.slice(0, 3).join(', ')})`);
  return best.agent;
}

/** Collects streamed text and hands it on a line at a time. */
function lineBuffer(emit: (line: string) => void) {
  let pending = '';
  return {
    write(text: string) {
      pending += text;
      let at = pending.indexOf('\n');
      while (at >= 0) {
        const line = pending.slice(0, at).trimEnd();
        if (line !== '') emit(line);
        pending = pending.slice(at + 1);
        at = pending.indexOf('\n');
      }
    },
    flush() {
      if (pending.trim() !== '') emit(pending.trimEnd());
      pending = '';
    },
  };
}
