import { randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  type AgentRegistry,
  type Approver,
  loadAgentRegistry,
  PermissionDeniedError,
  PermissionMode,
  PermissionPolicy,
  type PermissionRequest,
  TaskRouter,
  Workspace,
} from '../../agents/index.js';
import { createConfiguredEngine } from '../../cli/configured-engine.js';
import type { CodeIndex, IndexReport } from '../../code/index.js';
import type { FollowOptions } from '../../dispatch/follow-execution.js';
import type { RunDispatch } from '../../dispatch/run-dispatch.js';
import type { Memory } from '../../memory/index.js';
import { createWorkflowRuntime, type WorkflowRuntime } from '../../runtime/workflow-runtime.js';
import {
  openDatabase,
  openWorkflowStore,
  resolveDatabasePath,
  type WorkflowStore,
} from '../../store/index.js';
import { createEngine, type RunResult, type RunState, type WorkflowEngine } from '../../workflows/index.js';

export interface McpServerContextOptions {
  /** The project: agent profiles, workflows, config and the workspace agents may touch (default: cwd). */
  cwd?: string;
  /** SQLite file (default: `DATABASE_PATH` or `.automatosx/automatosx.db` under cwd). */
  databasePath?: string;
  /** The widest permission mode an MCP caller gets (default read-only). */
  permissions?: PermissionMode;
  /** Answer with the simulator even when provider keys are set. */
  simulator?: boolean;
}

/** A run started by this server and still going: `close()` pauses it so it can be resumed later. */
interface LiveRun {
  controller: AbortController;
  done: Promise<RunResult | undefined>;
}

/**
 * What the MCP tools call into: the same registry, engine, store, code index and memory as the CLI,
 * opened lazily (listing agents does not start the provider router) and closed together.
 */
export class McpServerContext {
  readonly cwd: string;
  readonly databasePath: string;
  readonly permissions: PermissionMode;
  readonly workspace: Workspace;
  readonly store: WorkflowStore;
  readonly #simulator: boolean;
  readonly #runs = new Map<string, LiveRun>();
  #registry: AgentRegistry | undefined;
  #router: TaskRouter | undefined;
  #db: DatabaseSync | undefined;
  #runtime: Promise<WorkflowRuntime> | undefined;
  #engine: Promise<WorkflowEngine> | undefined;
  #control: WorkflowEngine | undefined;
  #codeIndex: CodeIndex | undefined;
  #indexing: Promise<IndexReport> | undefined;
  #memory: Memory | undefined;
  #dispatch: Promise<RunDispatch | undefined> | undefined;
  readonly #closing = new AbortController();
  readonly #follows = new Set<Promise<unknown>>();
  /** Set by the server once the client is known: asks its user (MCP elicitation) in `ask` mode. */
  approver: Approver | undefined;

  constructor(options: McpServerContextOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.databasePath = resolveDatabasePath(options.databasePath);
    this.permissions = options.permissions ?? PermissionMode.readOnly;
    this.workspace = new Workspace(this.cwd);
    // PostgreSQL when DATABASE_URL names one, like every command; agent runs, code and memory stay in SQLite.
    this.store = openWorkflowStore({ db: this.databasePath });
    this.#simulator = options.simulator ?? false;
  }

  registry(): AgentRegistry {
    this.#registry ??= loadAgentRegistry({ projectDirectory: this.cwd });
    return this.#registry;
  }

  /** The task router over the registry, built once: its index costs milliseconds, a lookup microseconds. */
  router(): TaskRouter {
    this.#router ??= new TaskRouter(this.registry().list());
    return this.#router;
  }

  db(): DatabaseSync {
    this.#db ??= openDatabase(this.databasePath);
    return this.#db;
  }

  /** The agent and prompt executors and the provider router, built on first use. */
  runtime(): Promise<WorkflowRuntime> {
    this.#runtime ??= createWorkflowRuntime(undefined, this.databasePath, {
      workspace: this.cwd,
      maxPermissions: this.permissions,
      approver: (request) => this.ask(request),
      ...(this.#simulator ? { providers: { simulator: 'always' as const } } : {}),
    });
    return this.#runtime;
  }

  /** The permission policy of agents run for an MCP caller: the server's mode, asking through the client. */
  policy(): PermissionPolicy {
    return new PermissionPolicy(this.permissions, (request) => this.ask(request));
  }

  /** Asks the MCP client's user (set by the server); without a way to ask, the action is refused. */
  ask(request: PermissionRequest): Promise<boolean> {
    if (this.approver) return this.approver(request);
    return Promise.reject(
      new PermissionDeniedError(
        `${request.tool}: "${request.summary}" needs approval, and nobody can be asked over this connection; start the server with --permissions auto to allow it`,
      ),
    );
  }

  /** The engine runs execute in: the CLI's engine (logs, alerts, run limit) with every executor. */
  engine(): Promise<WorkflowEngine> {
    this.#engine ??= this.runtime().then((runtime) =>
      createConfiguredEngine({ store: this.store, executors: runtime.executors }, { cwd: this.cwd }),
    );
    return this.#engine;
  }

  /** An engine without model executors, for approve and cancel: they only write to the store. */
  control(): WorkflowEngine {
    this.#control ??= createEngine({ store: this.store });
    return this.#control;
  }

  /** The code index of the workspace, brought up to date (incrementally) before it answers. */
  async codeIndex(): Promise<CodeIndex> {
    if (!this.#codeIndex) {
      const { createCodeIndex } = await import('../../code/index.js');
      this.#codeIndex = createCodeIndex({ db: this.db(), root: this.cwd });
    }
    const index = this.#codeIndex;
    this.#indexing ??= index.index().finally(() => {
      this.#indexing = undefined;
    });
    await this.#indexing;
    return index;
  }

  async memory(): Promise<Memory> {
    if (!this.#memory) {
      const { createMemory } = await import('../../memory/index.js');
      this.#memory = createMemory({ db: this.db() });
    }
    return this.#memory;
  }

  /**
   * Where runs go when they are dispatched (REDIS_URL with a PostgreSQL DATABASE_URL, as for
   * `ax workflow run` and `ax server`): queued for `ax worker` processes. Undefined: they run here.
   */
  dispatch(): Promise<RunDispatch | undefined> {
    this.#dispatch ??= (async () => {
      // BullMQ loads only when runs are dispatched.
      const { resolveDispatchSettings } = await import('../../dispatch/dispatch-settings.js');
      const settings = resolveDispatchSettings(process.env);
      if (!settings) return undefined;
      const { createRunDispatch } = await import('../../dispatch/run-dispatch.js');
      return createRunDispatch(settings, this.control());
    })();
    return this.#dispatch;
  }

  /**
   * Follows a run that a worker executes, from the store's event log (see followExecution): resolves
   * with the state it ended in, or undefined when this server closed first (the run goes on).
   */
  async follow(options: Omit<FollowOptions, 'store' | 'signal'>): Promise<RunState | undefined> {
    const { followExecution } = await import('../../dispatch/follow-execution.js');
    const following = followExecution({ ...options, store: this.store, signal: this.#closing.signal });
    this.#follows.add(following);
    try {
      return await following;
    } finally {
      this.#follows.delete(following);
    }
  }

  /** Keeps a run started here, so the server can pause it when it shuts down. */
  track(executionId: string, controller: AbortController, done: Promise<RunResult>): Promise<RunResult> {
    const settled = done.catch(() => undefined);
    this.#runs.set(executionId, { controller, done: settled });
    void settled.then(() => this.#runs.delete(executionId));
    return done;
  }

  newExecutionId(): string {
    return `ex-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  /** Pauses runs still going here (they resume with `ax workflow resume`), stops following runs in workers (they go on), then closes everything. */
  async close(): Promise<void> {
    // Runs in workers go on: only the following of them stops.
    this.#closing.abort();
    await Promise.all([...this.#follows].map((following) => following.catch(() => undefined)));
    const live = [...this.#runs.values()];
    for (const run of live) run.controller.abort('pause');
    await Promise.all(live.map((run) => run.done));
    await this.#indexing?.catch(() => {});
    const runtime = await this.#runtime?.catch(() => undefined);
    await runtime?.close();
    const dispatch = await this.#dispatch?.catch(() => undefined);
    await dispatch?.close();
    await this.store.close();
    this.#codeIndex?.close();
    this.#db?.close();
  }
}
