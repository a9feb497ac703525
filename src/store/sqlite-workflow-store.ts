import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { foldStepStates } from './fold-step-states.js';
import { LeaseLostError } from './lease-lost-error.js';
import { migrate } from './migrate.js';
import { explainDatabaseError, type OpenDatabaseOptions, openDatabase } from './open-database.js';
import { executionRowValues, toEvent, toExecution } from './store-rows.js';
import { workflowMigrations } from './workflow-migrations.js';
import type {
  ApprovalRecord,
  CheckpointRecord,
  ControlRequest,
  EventRecord,
  ExecutionFilter,
  ExecutionRecord,
  Lease,
  LeaseFence,
  StepRecord,
  StoreWrite,
  WorkflowRecord,
  WorkflowStore,
} from './workflow-store.js';

/**
 * The embedded store. Every statement is prepared once; a transition is one `BEGIN IMMEDIATE … COMMIT`
 * holding a handful of single-row writes, so the cost per step stays close to one SQLite commit.
 */
export class SqliteWorkflowStore implements WorkflowStore {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #sql: ReturnType<typeof prepareStatements>;

  constructor(db: DatabaseSync, path = ':memory:') {
    this.#db = db;
    this.#path = path;
    try {
      migrate(db, 'workflows', workflowMigrations);
    } catch (cause) {
      throw explainDatabaseError(cause, path);
    }
    this.#sql = prepareStatements(db);
  }

  saveWorkflow(record: WorkflowRecord): void {
    this.#write(() =>
      this.#sql.insertWorkflow.run(
        record.id,
        record.name,
        record.version ?? null,
        record.file,
        record.definition,
        Date.now(),
      ),
    );
  }

  getWorkflow(id: string): WorkflowRecord | undefined {
    const row = this.#sql.getWorkflow.get(id);
    if (!row) return undefined;
    return {
      id: String(row.id),
      name: String(row.name),
      file: String(row.file),
      definition: String(row.definition),
      ...(row.version === null ? {} : { version: String(row.version) }),
    };
  }

  createExecution(record: ExecutionRecord, writes: readonly StoreWrite[]): void {
    this.#transaction(() => {
      this.#sql.insertExecution.run(...executionRowValues(record));
      for (const write of writes) this.#apply(write);
    });
  }

  getExecution(id: string): ExecutionRecord | undefined {
    const row = this.#sql.getExecution.get(id);
    return row ? toExecution(row) : undefined;
  }

  listExecutions(filter: ExecutionFilter = {}): ExecutionRecord[] {
    const clauses: string[] = [];
    const params: (string | number)[] = [];
    if (filter.state !== undefined) {
      clauses.push('state = ?');
      params.push(filter.state);
    }
    if (filter.workflowName !== undefined) {
      clauses.push('workflow_name = ?');
      params.push(filter.workflowName);
    }
    if (filter.since !== undefined) {
      clauses.push('started_at >= ?');
      params.push(filter.since);
    }
    if (filter.updatedSince !== undefined) {
      clauses.push('updated_at >= ?');
      params.push(filter.updatedSince);
    }
    if (filter.after !== undefined) {
      clauses.push('(started_at < ? OR (started_at = ? AND id > ?))');
      params.push(filter.after.startedAt, filter.after.startedAt, filter.after.id);
    }
    if (filter.parentExecutionId === null) clauses.push('parent_execution_id IS NULL');
    else if (filter.parentExecutionId !== undefined) {
      clauses.push('parent_execution_id = ?');
      params.push(filter.parentExecutionId);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    params.push(filter.limit ?? 50);
    return this.#db
      .prepare(`SELECT * FROM executions ${where} ORDER BY started_at DESC, id LIMIT ?`)
      .all(...params)
      .map(toExecution);
  }

  countExecutionsByState(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.#sql.countByState.all()) counts[String(row.state)] = Number(row.count);
    return counts;
  }

  getSteps(executionId: string): StepRecord[] {
    const pids = new Map(
      this.#sql.getPids.all(executionId).map((row) => [String(row.step_key), Number(row.pid)]),
    );
    const steps = foldStepStates(this.getEvents(executionId));
    for (const step of steps) {
      const pid = pids.get(step.key);
      if (pid !== undefined) step.pid = pid;
    }
    return steps;
  }

  getEvents(executionId: string, afterSeq = 0): EventRecord[] {
    return this.#sql.getEvents.all(executionId, afterSeq).map(toEvent);
  }

  findUnheldExecutions(now: number, limit: number): string[] {
    return this.#sql.findUnheld.all(now, limit).map((row) => String(row.id));
  }

  lastEventSeq(executionId: string): number {
    return Number(this.#sql.lastEventSeq.get(executionId)?.seq ?? 0);
  }

  getCheckpoint(id: string): CheckpointRecord | undefined {
    const at = id.lastIndexOf('@');
    const seq = Number(id.slice(at + 1));
    if (at <= 0 || !Number.isInteger(seq)) return undefined;
    const row = this.#sql.getCheckpoint.get(id.slice(0, at), seq);
    if (!row) return undefined;
    return {
      id: String(row.id),
      executionId: String(row.execution_id),
      stepKey: String(row.step_key),
      seq: Number(row.seq),
      createdAt: Number(row.created_at),
    };
  }

  commit(writes: readonly StoreWrite[], fence?: LeaseFence): void {
    if (writes.length === 1 && fence === undefined) {
      this.#write(() => this.#apply(writes[0]!));
      return;
    }
    this.#transaction(() => {
      if (fence && !this.#holds(fence)) throw new LeaseLostError(fence.executionId);
      for (const write of writes) this.#apply(write);
    });
  }

  recordProcess(executionId: string, stepKey: string, pid: number | undefined, fence?: LeaseFence): void {
    this.#transaction(() => {
      if (fence && !this.#holds(fence)) return;
      if (pid === undefined) this.#sql.deletePid.run(executionId, stepKey);
      else this.#sql.setPid.run(executionId, stepKey, pid);
    });
  }

  acquireLease(
    executionId: string,
    lease: Lease,
    takeOverFrom?: string,
  ): { acquired: boolean; holder?: Lease } {
    return this.#transaction(() => {
      const changed = this.#sql.acquireLease.run(
        lease.owner,
        lease.pid,
        lease.host,
        lease.expiresAt,
        executionId,
        Date.now(),
        lease.owner,
        takeOverFrom ?? null,
      ).changes;
      const row = this.#sql.getExecution.get(executionId);
      const holder = row ? toExecution(row).lease : undefined;
      return { acquired: Number(changed) > 0, ...(holder ? { holder } : {}) };
    });
  }

  renewLease(fence: LeaseFence, expiresAt: number): boolean {
    return this.#write(
      () =>
        Number(this.#sql.renewLease.run(expiresAt, fence.executionId, fence.owner, fence.token).changes) > 0,
    );
  }

  releaseLease(executionId: string, owner: string): void {
    this.#write(() => this.#sql.releaseLease.run(executionId, owner));
  }

  requestControl(executionId: string, request: ControlRequest): void {
    this.#write(() => this.#sql.setControl.run(request, executionId));
  }

  clearControl(executionId: string): void {
    this.#write(() => this.#sql.setControl.run(null, executionId));
  }

  readControl(executionId: string): ControlRequest | undefined {
    const control = this.#sql.getControl.get(executionId)?.control;
    return control === 'pause' || control === 'cancel' ? control : undefined;
  }

  saveApproval(record: ApprovalRecord): void {
    this.#write(() =>
      this.#sql.saveApproval.run(
        record.executionId,
        record.stepKey,
        record.decision,
        record.by,
        record.comment ?? null,
        record.at,
      ),
    );
  }

  getApproval(executionId: string, stepKey: string): ApprovalRecord | undefined {
    const row = this.#sql.getApproval.get(executionId, stepKey);
    if (!row) return undefined;
    return {
      executionId,
      stepKey,
      decision: row.decision === 'rejected' ? 'rejected' : 'approved',
      by: String(row.decided_by),
      at: Number(row.at),
      ...(row.comment === null ? {} : { comment: String(row.comment) }),
    };
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #holds(fence: LeaseFence): boolean {
    const row = this.#sql.getLease.get(fence.executionId);
    return row?.lease_owner === fence.owner && Number(row.lease_token) === fence.token;
  }

  #apply(write: StoreWrite): void {
    const sql = this.#sql;
    switch (write.type) {
      case 'event': {
        const event = write.event;
        sql.insertEvent.run(
          event.executionId,
          event.seq,
          event.type,
          event.stepKey ?? null,
          event.attempt ?? null,
          event.data === undefined ? null : JSON.stringify(event.data),
          event.at,
        );
        return;
      }
      case 'execution':
        if (write.state === 'executing') {
          sql.resumeExecution.run(write.state, write.at, write.executionId);
        } else {
          sql.setExecutionState.run(
            write.state,
            write.at,
            write.completed ? write.at : null,
            write.error ?? null,
            write.executionId,
          );
        }
        return;
    }
  }

  #transaction<T>(body: () => T): T {
    try {
      this.#sql.begin.run();
    } catch (cause) {
      throw explainDatabaseError(cause, this.#path);
    }
    try {
      const result = body();
      this.#sql.commit.run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#sql.rollback.run();
      throw explainDatabaseError(error, this.#path);
    }
  }

  #write<T>(body: () => T): T {
    try {
      return body();
    } catch (cause) {
      throw explainDatabaseError(cause, this.#path);
    }
  }
}

/** Opens the database file (WAL, migrated) and returns the workflow store over it. */
export function createSqliteWorkflowStore(
  path: string,
  options: OpenDatabaseOptions = {},
): SqliteWorkflowStore {
  const db = openDatabase(path, options);
  try {
    return new SqliteWorkflowStore(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string): StatementSync => db.prepare(sql);
  return {
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    insertWorkflow: prepare(
      'INSERT INTO workflows (id, name, version, file, definition, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    getWorkflow: prepare('SELECT * FROM workflows WHERE id = ?'),
    insertExecution: prepare(`INSERT INTO executions (id, workflow_id, workflow_name, file, state, inputs,
      parent_execution_id, parent_step_key, started_at, updated_at, lease_owner, lease_pid, lease_host, lease_expires_at,
      lease_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    getExecution: prepare('SELECT * FROM executions WHERE id = ?'),
    findUnheld: prepare(`SELECT id FROM executions WHERE state IN ('queued', 'executing')
      AND parent_execution_id IS NULL AND (lease_owner IS NULL OR lease_expires_at < ?) ORDER BY started_at LIMIT ?`),
    getLease: prepare('SELECT lease_owner, lease_token FROM executions WHERE id = ?'),
    countByState: prepare(
      'SELECT state, count(*) AS count FROM executions WHERE parent_execution_id IS NULL GROUP BY state',
    ),
    setExecutionState: prepare(
      `UPDATE executions SET state = ?1, updated_at = ?2, completed_at = ?3, error = ?4, control = NULL,
        lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL,
        resume_count = resume_count + (CASE WHEN ?1 = 'queued' AND state IN ('paused', 'failed') THEN 1 ELSE 0 END)
        WHERE id = ?5`,
    ),
    resumeExecution: prepare(
      `UPDATE executions SET state = ?, updated_at = ?, completed_at = NULL, error = NULL,
        resume_count = resume_count + (CASE state WHEN 'queued' THEN 0 ELSE 1 END) WHERE id = ?`,
    ),
    setPid: prepare(
      'INSERT INTO step_processes (execution_id, step_key, pid) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET pid = excluded.pid',
    ),
    deletePid: prepare('DELETE FROM step_processes WHERE execution_id = ? AND step_key = ?'),
    getPids: prepare('SELECT step_key, pid FROM step_processes WHERE execution_id = ?'),
    insertEvent: prepare(
      'INSERT INTO workflow_events (execution_id, seq, type, step_key, attempt, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getEvents: prepare('SELECT * FROM workflow_events WHERE execution_id = ? AND seq > ? ORDER BY seq'),
    lastEventSeq: prepare('SELECT max(seq) AS seq FROM workflow_events WHERE execution_id = ?'),
    getCheckpoint: prepare('SELECT * FROM checkpoints WHERE execution_id = ? AND seq = ?'),
    acquireLease:
      prepare(`UPDATE executions SET lease_owner = ?, lease_pid = ?, lease_host = ?, lease_expires_at = ?,
        lease_token = lease_token + 1 WHERE id = ? AND (lease_owner IS NULL OR lease_expires_at < ? OR lease_owner = ? OR lease_owner = ?)`),
    renewLease: prepare(
      'UPDATE executions SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND lease_token = ?',
    ),
    releaseLease: prepare(
      'UPDATE executions SET lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
    ),
    setControl: prepare('UPDATE executions SET control = ? WHERE id = ?'),
    getControl: prepare('SELECT control FROM executions WHERE id = ?'),
    saveApproval: prepare(`INSERT INTO approvals (execution_id, step_key, decision, decided_by, comment, at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (execution_id, step_key) DO NOTHING`),
    getApproval: prepare('SELECT * FROM approvals WHERE execution_id = ? AND step_key = ?'),
  };
}
