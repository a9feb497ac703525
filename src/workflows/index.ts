export { createRunExecutor, type RunExecutorOptions } from './executors/run-executor.js';
export {
  type CompiledExpression,
  compileExpression,
  type ExpressionContext,
  type ExpressionReference,
  expressionRoots,
} from './expression.js';
export { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-errors.js';
export { isConditionTrue, stringifyValue } from './expression-values.js';
export { readJsonSchemaFile, type SchemaFileResult } from './load-output-schema.js';
export { type LoadedWorkflow, loadWorkflowFile, loadWorkflowSource } from './load-workflow-file.js';
export {
  locateIssues,
  parseWorkflow,
  parseWorkflowUncached,
  type ValidateOptions,
} from './parse-workflow.js';
export { renderMermaid, renderTextGraph } from './render-graph.js';
export type { RequeuedExecution } from './requeue-execution.js';
export { resolveInputs } from './resolve-inputs.js';
export { isLeaseLive } from './run-lease.js';
export { runStepWarnings } from './run-step-warnings.js';
export { totalUsage } from './run-usage.js';
export { isPosixShell, type ShellScript, shellScript } from './shell-script.js';
export * from './state-machine.js';
export type { StepExecutionContext, StepExecutor, StepResult } from './step-executor.js';
export { deserializeWorkflow, loadStoredWorkflow } from './stored-workflow.js';
export {
  compileCondition,
  compileConditionCached,
  compileTemplate,
  compileTemplateCached,
  evaluateCondition,
  type Template,
  type TemplateExpression,
} from './template.js';
export {
  type IssuePath,
  validateWorkflow,
  type WorkflowIssue,
  type WorkflowValidationResult,
} from './validate-workflow.js';
export {
  createEngine,
  type EngineOptions,
  newExecutionId,
  type RunOptions,
  type RunResult,
  WorkflowEngine,
} from './workflow-engine.js';
export * from './workflow-errors.js';
export type { WorkflowEvent, WorkflowEventListener } from './workflow-events.js';
export { buildGraph, findCycle, type WorkflowGraph } from './workflow-graph.js';
export { workflowJsonSchema } from './workflow-json-schema.js';
export * from './workflow-schema.js';
export {
  formatValidationIssue,
  type ValidationIssue,
  WorkflowValidationError,
} from './workflow-validation-error.js';
