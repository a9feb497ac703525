import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AgentEvent, type AgentRegistry, AgentRunStore, loadAgentRegistry } from '../agents/index.js';
import { createConfiguredEngine } from '../cli/configured-engine.js';
import { bundledWorkflowsDir } from '../cli/resolve-workflow-path.js';
import { type CodeIndex, createCodeIndex } from '../code/index.js';
import { createMemory, type Memory } from '../memory/index.js';
import type { ConfiguredRouter, CreateProviderRouterOptions } from '../providers/index.js';
import { createWorkflowRuntime } from '../runtime/workflow-runtime.js';
import { openDatabase, openWorkflowStore, resolveDatabasePath, type WorkflowStore } from '../store/index.js';
import type { WorkflowEngine } from '../workflows/index.js';
import { EventFeed } from './event-feed.js';
import { RunLauncher } from './run-launcher.js';

export interface ServerServicesOptions {
  /**
   * SQLite file (default `DATABASE_PATH` or `.automatosx/automatosx.db`): the workflow store unless
   * `DATABASE_URL` names PostgreSQL, and always agent runs, memory and the code index.
   */
  databasePath?: string;
  /** A workflow store to use instead of the one `DATABASE_URL` names; the caller keeps ownership. */
  store?: WorkflowStore;
  /** Where `DATABASE_URL` (PostgreSQL) is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  providers?: CreateProviderRouterOptions;
  /** The project: its `workflows/`, `.automatosx/agents/` and the code index root (default cwd). */
  projectDirectory?: string;
  /** How often the store is read for runs driven by other processes (default 250 ms). */
  pollIntervalMs?: number;
  /** Engine poll interval for pause/cancel/approvals (default 100 ms). */
  enginePollIntervalMs?: number;
  onRunError?: (executionId: string, error: unknown) => void;
}

/** What the routes work with: the same engine, store, agents and providers the CLI uses. */
export interface ServerServices {
  engine: WorkflowEngine;
  store: WorkflowStore;
  providers: ConfiguredRouter | undefined;
  registry: AgentRegistry;
  agentRuns: AgentRunStore;
  memory: Memory;
  codeIndex: CodeIndex;
  feed: EventFeed;
  launcher: RunLauncher;
  projectDirectory: string;
  /** Folders searched for a workflow by name, the project's first. */
  workflowDirectories: string[];
  notices: string[];
  /** Queue depth and workers, when runs are dispatched to workers. */
  queueStats?: () => Promise<{ depth: number; workers: number }>;
  /** Listens to every event of every agent run in this process (tool refusals, turns). */
  onAgentEvent(listener: (event: AgentEvent) => void): () => void;
  close(): Promise<void>;
}

export async function createServerServices(options: ServerServicesOptions = {}): Promise<ServerServices> {
  const projectDirectory = resolve(options.projectDirectory ?? process.cwd());
  const databasePath = resolveDatabasePath(options.databasePath);
  const agentListeners = new Set<(event: AgentEvent) => void>();
  const runtime = await createWorkflowRuntime(undefined, databasePath, {
    workspace: projectDirectory,
    onAgentEvent: (event) => {
      for (const listener of agentListeners) listener(event);
    },
    ...(options.providers === undefined ? {} : { providers: options.providers }),
  });
  const ownsStore = options.store === undefined;
  const store =
    options.store ?? openWorkflowStore({ db: databasePath, ...(options.env ? { env: options.env } : {}) });
  const engine = createConfiguredEngine({
    store,
    executors: runtime.executors,
    ...(options.enginePollIntervalMs === undefined ? {} : { pollIntervalMs: options.enginePollIntervalMs }),
  });
  const feed = new EventFeed({
    store,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
  });
  engine.on((event) => feed.notify(event.executionId));
  const db = openDatabase(databasePath);
  const dispatch = await connectDispatch(options.env ?? process.env, engine);
  const launcher = new RunLauncher({
    engine,
    ...(dispatch ? { dispatch } : {}),
    ...(options.onRunError === undefined ? {} : { onError: options.onRunError }),
  });
  return {
    engine,
    store,
    providers: runtime.providers,
    registry: loadAgentRegistry({ projectDirectory }),
    agentRuns: new AgentRunStore(db),
    memory: createMemory({ db }),
    codeIndex: createCodeIndex({ db, root: projectDirectory }),
    feed,
    launcher,
    projectDirectory,
    workflowDirectories: [join(projectDirectory, 'workflows'), bundledWorkflowsDir],
    notices: runtime.notices,
    onAgentEvent(listener) {
      agentListeners.add(listener);
      return () => agentListeners.delete(listener);
    },
    ...(dispatch ? { queueStats: dispatch.stats } : {}),
    async close() {
      feed.close();
      await dispatch?.close();
      await runtime.close();
      if (ownsStore) await store.close();
      db.close();
    },
  };
}

/** The workflow files a client may run by name: the project's `workflows/` first, then the samples. */
export function listWorkflowNames(directories: readonly string[]): { name: string; file: string }[] {
  const seen = new Map<string, string>();
  for (const directory of directories) {
    if (!existsSync(directory)) continue;
    for (const entry of readdirSync(directory).sort()) {
      const match = /^(.+)\.(ya?ml|json)$/.exec(entry);
      if (match && !seen.has(match[1]!)) seen.set(match[1]!, join(directory, entry));
    }
  }
  return [...seen].map(([name, file]) => ({ name, file }));
}

/**
 * With REDIS_URL and a PostgreSQL store, runs submitted or resumed here are stored as queued and
 * queued in BullMQ for `ax worker` processes, as `ax workflow run` and `resume` do; otherwise
 * (undefined) they run here.
 */
async function connectDispatch(env: NodeJS.ProcessEnv, engine: WorkflowEngine) {
  // BullMQ loads only when runs are dispatched.
  const { resolveDispatchSettings } = await import('../dispatch/dispatch-settings.js');
  const settings = resolveDispatchSettings(env);
  if (!settings) return undefined;
  const { createRunDispatch } = await import('../dispatch/run-dispatch.js');
  return createRunDispatch(settings, engine);
}
