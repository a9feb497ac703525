export * from './agents/index.js';
export { type EffectiveConfig, isFeatureEnabled, resolveEffectiveConfig } from './config/index.js';
export * from './errors/index.js';
export * from './providers/index.js';
export { type Automatosx, type AutomatosxOptions, createAutomatosx } from './runtime/create-automatosx.js';
export { allStepKinds, createWorkflowRuntime, type WorkflowRuntime } from './runtime/workflow-runtime.js';
export * from './simulator/index.js';
export * from './store/index.js';
export * from './workflows/index.js';
