/**
 * What the workflow engine needs from storage, in records of plain data. SQLite implements it for one
 * machine; a PostgreSQL store implements the same interface for scale-out. Writes that belong to one
 * state transition arrive together in `commit` and land in one transaction.
 */

export type Awaitable<T> = T | Promise<T>;

export interface WorkflowRecord {
  id: string;
  name: string;
  version?: string;
  file: string;
  /** The whole loaded workflow (definition and sub-workflows) as JSON, written once per distinct content. */
  definition: string;
}

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  workflowName: string;
  file: string;
  state: string;
  inputs: Record<string, unknown>;
  parentExecutionId?: string;
  parentStepKey?: string;
  startedAt: number;
  updatedAt: number;
  completedAt?: number;
  error?: string;
  /**
   * Times the run was resumed: each move from paused or failed to executing, or to queued (handed
   * back to workers), and each take-over of a run whose holder died.
   */
  resumeCount: number;
  control?: ControlRequest;
  lease?: Lease;
}

export interface StepRecord {
  executionId: string;
  key: string;
  status: string;
  attempt: number;
  output?: unknown;
  outputs?: Record<string, unknown>;
  error?: string;
  reason?: string;
  /** Model usage of a step that called one: provider, model, tokens, cost, simulated. */
  usage?: Record<string, unknown>;
  startedAt?: number;
  finishedAt?: number;
  pid?: number;
}

export interface EventRecord {
  executionId: string;
  seq: number;
  type: string;
  stepKey?: string;
  attempt?: number;
  data?: Record<string, unknown>;
  at: number;
}

export interface CheckpointRecord {
  id: string;
  executionId: string;
  stepKey: string;
  seq: number;
  createdAt: number;
}

export interface Lease {
  owner: string;
  pid: number;
  host: string;
  expiresAt: number;
  /**
   * The fencing token: a counter the store bumps every time the lease changes hands. A runner's
   * commits carry the token it was given, and a commit whose token is no longer current is refused.
   */
  token: number;
}

/** What a runner's writes are checked against, in the same transaction: it still holds this lease. */
export interface LeaseFence {
  executionId: string;
  owner: string;
  token: number;
}

export type ControlRequest = 'pause' | 'cancel';

export interface ApprovalRecord {
  executionId: string;
  stepKey: string;
  decision: 'approved' | 'rejected';
  by: string;
  comment?: string;
  at: number;
}

/** One durable write; a transition is a short list of these committed atomically. */
export type StoreWrite =
  | { type: 'event'; event: EventRecord }
  | {
      type: 'execution';
      executionId: string;
      state: string;
      at: number;
      error?: string;
      completed?: boolean;
    };

export interface ExecutionFilter {
  state?: string;
  /** Only executions of the workflow with this name. */
  workflowName?: string;
  /** Only executions started at or after this time (ms since the epoch). */
  since?: number;
  /** Only executions whose record changed at or after this time (state, resume, completion). */
  updatedSince?: number;
  /** Keyset cursor: executions listed after this one in the order newest first (started_at DESC, id). */
  after?: { startedAt: number; id: string };
  limit?: number;
  parentExecutionId?: string | null;
}

export interface WorkflowStore {
  /** Stores a workflow definition unless one with the same id (its content hash) exists. */
  saveWorkflow(record: WorkflowRecord): Awaitable<void>;
  getWorkflow(id: string): Awaitable<WorkflowRecord | undefined>;
  createExecution(record: ExecutionRecord, writes: readonly StoreWrite[]): Awaitable<void>;
  getExecution(id: string): Awaitable<ExecutionRecord | undefined>;
  listExecutions(filter?: ExecutionFilter): Awaitable<ExecutionRecord[]>;
  /** How many top-level executions are in each state (for metrics). */
  countExecutionsByState(): Awaitable<Record<string, number>>;
  /**
   * Step states. Both stores derive them the same way: `foldStepStates` over the event log, the one
   * definition of a step's state (there is no SQL view of it).
   */
  getSteps(executionId: string): Awaitable<StepRecord[]>;
  getEvents(executionId: string, afterSeq?: number): Awaitable<EventRecord[]>;
  /**
   * Top-level executions that should be running but that no process holds: queued, or executing with
   * no lease or an expired one. The dispatcher's reconciler re-enqueues them (nothing is lost when the
   * queue is emptied).
   */
  findUnheldExecutions(now: number, limit: number): Awaitable<string[]>;
  lastEventSeq(executionId: string): Awaitable<number>;
  getCheckpoint(id: string): Awaitable<CheckpointRecord | undefined>;
  /**
   * Applies the writes of one transition in one transaction. With a `fence`, the same transaction
   * first checks that the lease is still the runner's; if not, nothing is written and it throws
   * `LeaseLostError`.
   */
  commit(writes: readonly StoreWrite[], fence?: LeaseFence): Awaitable<void>;
  /** Records (or with `undefined` forgets) a step's process; ignored when the fence no longer holds. */
  recordProcess(
    executionId: string,
    stepKey: string,
    pid: number | undefined,
    fence?: LeaseFence,
  ): Awaitable<void>;
  /**
   * Takes the lease on an execution when it is free, expired, held by `owner` itself, or held by
   * `takeOverFrom` (a holder known to be dead), bumping its fencing token. Returns the lease now in
   * force, whose `token` the new holder fences its commits with.
   */
  acquireLease(
    executionId: string,
    lease: Lease,
    takeOverFrom?: string,
  ): Awaitable<{ acquired: boolean; holder?: Lease }>;
  /** Extends the lease; false when it is no longer the runner's (taken over): the runner must stop. */
  renewLease(fence: LeaseFence, expiresAt: number): Awaitable<boolean>;
  releaseLease(executionId: string, owner: string): Awaitable<void>;
  requestControl(executionId: string, request: ControlRequest): Awaitable<void>;
  clearControl(executionId: string): Awaitable<void>;
  readControl(executionId: string): Awaitable<ControlRequest | undefined>;
  saveApproval(record: ApprovalRecord): Awaitable<void>;
  getApproval(executionId: string, stepKey: string): Awaitable<ApprovalRecord | undefined>;
  close(): Awaitable<void>;
}
