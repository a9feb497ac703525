import type { ExpressionContext } from './expression.js';
import type { LoadedWorkflow } from './load-workflow-file.js';
import type { WorkflowDefinition, WorkflowStep } from './workflow-schema.js';

/** What an executor is given for one attempt of one step (or of one forEach item). */
export interface StepExecutionContext {
  readonly executionId: string;
  readonly step: WorkflowStep;
  /** The workflow the step belongs to (its description helps route agent steps). */
  readonly workflow: WorkflowDefinition;
  /** The step key, with `[i]` appended for a forEach item. */
  readonly key: string;
  readonly attempt: number;
  /** Stable across attempts and resumes of this step: lets a step make its side effects idempotent. */
  readonly idempotencyKey: string;
  readonly expressions: ExpressionContext;
  /** Absolute path of the workflow file that holds the step: relative paths are resolved against it. */
  readonly workflowFile: string;
  readonly subWorkflow?: LoadedWorkflow;
  readonly signal: AbortSignal;
  /** Renders `${{ … }}` templates against this attempt's expression context. */
  render(text: string): string;
  /**
   * Resolves templates anywhere inside a value (lists and objects too). A string that is one lone
   * `${{ expr }}` keeps the expression's own type (an object stays an object); others become text.
   */
  resolve(value: unknown): unknown;
  /** Streams a line of the step's output to whoever watches the run. */
  log(text: string, stream?: 'stdout' | 'stderr'): void;
  /** Records the process a step started, so a resume after a crash can stop an orphan. */
  recordProcess(pid: number | undefined): void;
  /** Appends an event of the executor's own (e.g. which agent was chosen and why) to the run's log. */
  record(type: string, data: Record<string, unknown>): Promise<void>;
}

/** What a step that called a model used: shown per step and summed per run. */
export interface StepUsage {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  simulated: boolean;
}

export interface StepResult {
  output?: unknown;
  outputs?: Record<string, unknown>;
  usage?: StepUsage;
}

/** Carries out one kind of step. The engine knows nothing else about what a step does. */
export interface StepExecutor {
  execute(context: StepExecutionContext): Promise<StepResult>;
}
