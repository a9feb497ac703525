export * from './workflow-schema.js';
export * from './state-machine.js';
export type { StepExecutionContext, StepExecutor, StepResult } from './step-executor.js';
export * from './workflow-errors.js';
export type { WorkflowEvent, WorkflowEventListener } from './workflow-events.js';
export { createEngine, type EngineOptions, loadStoredWorkflow, totalUsage, type RunOptions, type RunResult, WorkflowEngine } from './workflow-engine.js';
export { resolveInputs } from './resolve-inputs.js';
export { formatValidationIssue, type ValidationIssue, WorkflowValidationError } from './workflow-validation-error.js';
export { locateIssues, parseWorkflow, parseWorkflowUncached, type ValidateOptions } from './parse-workflow.js';
export { type LoadedWorkflow, loadWorkflowFile } from './load-workflow-file.js';
export { type IssuePath, validateWorkflow, type WorkflowIssue, type WorkflowValidationResult } from './validate-workflow.js';
export {
  type CompiledExpression,
  compileExpression,
  type ExpressionContext,
  type ExpressionReference,
  expressionRoots,
} from './expression.js';
export { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-errors.js';
export { isConditionTrue, stringifyValue } from './expression-values.js';
export {
  compileCondition,
  compileConditionCached,
  compileTemplate,
  compileTemplateCached,
  evaluateCondition,
  type Template,
  type TemplateExpression,
} from './template.js';
export { buildGraph, findCycle, type WorkflowGraph } from './workflow-graph.js';
export { renderMermaid, renderTextGraph } from './render-graph.js';
export { workflowJsonSchema } from './workflow-json-schema.js';
