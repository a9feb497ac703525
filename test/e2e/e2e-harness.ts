import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentRunStore, loadAgentRegistry } from '../../src/agents/index.js';
import type { AutomatosxConfig } from '../../src/config/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';
import { createSqliteWorkflowStore, openDatabase } from '../../src/store/index.js';
import { createAgentStepExecutor } from '../../src/workflows/executors/agent-step-executor.js';
import { createPromptStepExecutor } from '../../src/workflows/executors/prompt-step-executor.js';
import {
  createEngine,
  type LoadedWorkflow,
  loadWorkflowFile,
  type RunOptions,
  type WorkflowEngine,
  type WorkflowEvent,
} from '../../src/workflows/index.js';
import { copySampleProject } from './sample-project.js';

/**
 * The three systems wired as `ax workflow run` wires them: the engine on a real SQLite file, agent and
 * prompt steps through the agent runtime and the provider router, and the router talking HTTP to the
 * in-process simulator (no provider keys). Router backoff is shortened so retries do not slow the suite;
 * everything else is the production code path.
 */
export interface E2eHarness {
  dir: string;
  engine: WorkflowEngine;
  providers: ConfiguredRouter;
  runStore: AgentRunStore;
  /** Every engine event, in order. */
  events: WorkflowEvent[];
  /** Writes a workflow file into the project and loads it as the CLI would. */
  load(name: string, yaml: string): Promise<LoadedWorkflow>;
  run(name: string, yaml: string, options?: RunOptions): ReturnType<WorkflowEngine['run']>;
  close(): Promise<void>;
}

export const fastRouterConfig: AutomatosxConfig = {
  providers: {},
  router: { strategy: 'priority', backoffBaseMs: 1, backoffCapMs: 5, restartInterruptedStreams: false },
};

export async function createE2eHarness(
  options: { concurrency?: number; config?: AutomatosxConfig } = {},
): Promise<E2eHarness> {
  const dir = copySampleProject({ prefix: 'ax-e2e-' });
  const providers = await createProviderRouterFromConfig({
    cwd: dir,
    env: {},
    simulator: 'always',
    config: options.config ?? fastRouterConfig,
  });
  const databasePath = join(dir, 'automatosx.db');
  const store = createSqliteWorkflowStore(databasePath);
  const agentDatabase = openDatabase(databasePath);
  const runStore = new AgentRunStore(agentDatabase);
  const registry = loadAgentRegistry({ projectDirectory: dir });
  const engine = createEngine({
    store,
    executors: {
      agent: createAgentStepExecutor({ client: providers.router, registry, runStore, workspace: dir }),
      prompt: createPromptStepExecutor(providers.router),
    },
    pollIntervalMs: 20,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const events: WorkflowEvent[] = [];
  engine.on((event) => events.push(event));
  const load = (name: string, yaml: string) => {
    const file = join(dir, name);
    writeFileSync(file, yaml);
    return loadWorkflowFile(file, { stepKinds: engine.stepKinds });
  };
  return {
    dir,
    engine,
    providers,
    runStore,
    events,
    load,
    run: async (name, yaml, runOptions) => engine.run(await load(name, yaml), runOptions),
    async close() {
      await providers.close();
      store.close();
      agentDatabase.close();
    },
  };
}

/** A temporary folder that is not a project, for tests that need only somewhere to write. */
export function scratchDirectory(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}
