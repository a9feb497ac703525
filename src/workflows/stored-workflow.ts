import type { WorkflowStore } from '../store/index.js';
import type { LoadedWorkflow } from './load-workflow-file.js';

/**
 * A loaded workflow (definition and sub-workflows) as stored once per distinct content, so a resume
 * runs what the execution started with even when the file has changed since.
 */
interface SerializedWorkflow {
  file: string;
  definition: LoadedWorkflow['definition'];
  subWorkflows: Record<string, SerializedWorkflow>;
}

function toSerializable(loaded: LoadedWorkflow): SerializedWorkflow {
  const subWorkflows: Record<string, SerializedWorkflow> = {};
  for (const [key, child] of loaded.subWorkflows) subWorkflows[key] = toSerializable(child);
  return { file: loaded.file, definition: loaded.definition, subWorkflows };
}

export function serializeWorkflow(loaded: LoadedWorkflow): string {
  return JSON.stringify(toSerializable(loaded));
}

export function deserializeWorkflow(text: string): LoadedWorkflow {
  const revive = (value: SerializedWorkflow): LoadedWorkflow => ({
    file: value.file,
    definition: value.definition,
    source: '',
    subWorkflows: new Map(Object.entries(value.subWorkflows).map(([key, child]) => [key, revive(child)])),
  });
  return revive(JSON.parse(text) as SerializedWorkflow);
}

/** The workflow an execution runs, as it was stored when the execution started. */
export async function loadStoredWorkflow(
  store: WorkflowStore,
  executionId: string,
): Promise<LoadedWorkflow | undefined> {
  const execution = await store.getExecution(executionId);
  const workflow = execution ? await store.getWorkflow(execution.workflowId) : undefined;
  return workflow ? deserializeWorkflow(workflow.definition) : undefined;
}
