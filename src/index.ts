export * from './agents/index.js';
export {
  type CodeIndex,
  type CodeIndexOptions,
  createCodeIndex,
  type IndexReport,
  type SearchHit,
  type SymbolHit,
  supportedLanguages,
} from './code/index.js';
export { type EffectiveConfig, isFeatureEnabled, resolveEffectiveConfig } from './config/index.js';
export * from './errors/index.js';
export {
  createMemory,
  type Memory,
  type MemoryContext,
  type MemoryEntry,
  type MemoryOptions,
} from './memory/index.js';
export * from './providers/index.js';
export { type Automatosx, type AutomatosxOptions, createAutomatosx } from './runtime/create-automatosx.js';
export { allStepKinds, createWorkflowRuntime, type WorkflowRuntime } from './runtime/workflow-runtime.js';
export * from './simulator/index.js';
export * from './store/index.js';
export {
  checkJsonSchema,
  type JsonSchema,
  type OutputIssue,
  type OutputOption,
  OutputSchemaError,
  validateJsonSchema,
} from './structured-output/index.js';
export * from './workflows/index.js';
