import type { MemoryContextOptions } from '../agents/index.js';
import type { ConfiguredRouter, CreateProviderRouterOptions } from '../providers/index.js';
import { openWorkflowStore, resolveDatabasePath, type WorkflowStore } from '../store/index.js';
import { createEngine, type WorkflowEngine } from '../workflows/index.js';
import { createWorkflowRuntime } from './workflow-runtime.js';

export interface AutomatosxOptions {
  /**
   * SQLite file (default: `DATABASE_PATH` or `.automatosx/automatosx.db`). With `DATABASE_URL=postgres://…`
   * workflow state goes to PostgreSQL; agent runs, memory and the code index stay in this file.
   */
  databasePath?: string;
  /** Provider router options: config path, `simulator: 'always'`, simulator pacing and faults, … */
  providers?: CreateProviderRouterOptions;
  /** Folder agent tools are confined to (default: the working directory). */
  workspace?: string;
  /** Steps of one run in flight at once. */
  concurrency?: number;
  /** The `code-intelligence` tool over an index of the workspace in the same database (default true). */
  codeIntelligence?: boolean;
  /** Agent memory in the same database: context, the `memory` tool, outcomes (default true). */
  memory?: boolean;
  /** How many memories go into an agent's context; `false` leaves them out. */
  memoryContext?: MemoryContextOptions | false;
}

export interface Automatosx {
  engine: WorkflowEngine;
  store: WorkflowStore;
  providers: ConfiguredRouter;
  /** Lines a person should see, e.g. that answers are simulated. */
  notices: string[];
  close(): Promise<void>;
}

/**
 * The three systems wired together for programmatic use: a durable engine on SQLite whose agent and
 * prompt steps go to the agent runtime and the provider router (the simulator when no key is set).
 *
 * ```ts
 * const ax = await createAutomatosx();
 * const result = await ax.engine.executeWorkflowFromFile('workflows/code-review.yaml', { context: { repository: '.' } });
 * console.log(result.summary.duration, result.summary.stepsCompleted);
 * await ax.close();
 * ```
 */
export async function createAutomatosx(options: AutomatosxOptions = {}): Promise<Automatosx> {
  const databasePath = resolveDatabasePath(options.databasePath);
  const runtime = await createWorkflowRuntime(undefined, databasePath, {
    ...(options.providers === undefined ? {} : { providers: options.providers }),
    ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
    ...(options.codeIntelligence === undefined ? {} : { codeIntelligence: options.codeIntelligence }),
    ...(options.memory === undefined ? {} : { memory: options.memory }),
    ...(options.memoryContext === undefined ? {} : { memoryContext: options.memoryContext }),
  });
  const store = openWorkflowStore({ db: databasePath });
  const engine = createEngine({
    store,
    executors: runtime.executors,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  return {
    engine,
    store,
    providers: runtime.providers!,
    notices: runtime.notices,
    async close() {
      await runtime.close();
      await store.close();
    },
  };
}
