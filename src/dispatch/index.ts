export { type DispatchSettings, defaultDispatch, resolveDispatchSettings } from './dispatch-settings.js';
export { type FollowOptions, followExecution } from './follow-execution.js';
export { type Reconciler, type ReconcilerOptions, startReconciler } from './reconciler.js';
export { createRunDispatch, type RunDispatch, type RunDispatchOptions } from './run-dispatch.js';
export { connectRedis, createRunQueue, type RunJobData, type RunQueue } from './run-queue.js';
export {
  createWorkflowWorker,
  type WorkerHealth,
  type WorkflowWorker,
  type WorkflowWorkerOptions,
} from './workflow-worker.js';
