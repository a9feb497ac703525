import type pg from 'pg';
import { foldStepStates } from './fold-step-states.js';
import { LeaseLostError } from './lease-lost-error.js';
import { migratePostgres } from './migrate-postgres.js';
import { DatabaseUnavailableError } from './open-database.js';
import { commitPart, splitWrites } from './postgres-commit-part.js';
import { postgresWorkflowMigrations } from './postgres-workflow-migrations.js';
import { executionRowValues, toEvent, toExecution } from './store-rows.js';
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

type Row = Record<string, unknown>;

export interface PostgresWorkflowStoreOptions {
  /** Schema holding the tables (default: the URL's `?schema=`, else `public`); created when missing. */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

/**
 * The scale-out store: the same records as the SQLite store, in PostgreSQL through a `pg` pool. Tables
 * are created by numbered migrations on first use, under an advisory lock. Step states are derived
 * exactly as in SQLite, by `foldStepStates` over the event log.
 */
export class PostgresWorkflowStore implements WorkflowStore {
  readonly schema: string;
  readonly #url: string;
  readonly #where: string;
  readonly #maxConnections: number;
  #pool: pg.Pool | undefined;
  #ready: Promise<void> | undefined;
  #closed = false;

  constructor(url: string, options: PostgresWorkflowStoreOptions = {}) {
    const parsed = parsePostgresUrl(url);
    this.schema = options.schema ?? parsed.schema ?? 'public';
    this.#url = parsed.url;
    this.#where = parsed.where;
    this.#maxConnections = options.maxConnections ?? 10;
  }

  /** The connection pool (after `ready()`), for callers that share this database, like the dispatcher. */
  get pool(): pg.Pool {
    if (!this.#pool) throw new Error('PostgresWorkflowStore: call ready() before using the pool');
    return this.#pool;
  }

  /**
   * Loads `pg` (only processes that use PostgreSQL pay for it), connects and applies pending
   * migrations, once; every method waits for it.
   */
  ready(): Promise<void> {
    this.#ready ??= this.#connect().catch((cause: unknown) => {
      this.#ready = undefined;
      throw this.#explain(cause);
    });
    return this.#ready;
  }

  async #connect(): Promise<void> {
    const { default: pg } = await import('pg');
    if (!this.#pool) {
      this.#pool = new pg.Pool({
        connectionString: this.#url,
        max: this.#maxConnections,
        options: `-c search_path=${this.schema}`,
      });
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      this.#pool.on('error', () => {});
    }
    await migratePostgres(this.#pool, this.schema, 'workflows', postgresWorkflowMigrations);
  }

  async saveWorkflow(record: WorkflowRecord): Promise<void> {
    await this.#query(
      'INSERT INTO workflows (id, name, version, file, definition, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
      [record.id, record.name, record.version ?? null, record.file, record.definition, Date.now()],
    );
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    const row = (await this.#query('SELECT * FROM workflows WHERE id = $1', [id]))[0];
    if (!row) return undefined;
    return {
      id: String(row.id),
      name: String(row.name),
      file: String(row.file),
      definition: String(row.definition),
      ...(row.version === null ? {} : { version: String(row.version) }),
    };
  }

  async createExecution(record: ExecutionRecord, writes: readonly StoreWrite[]): Promise<void> {
    const insert = `INSERT INTO executions (id, workflow_id, workflow_name, file, state, inputs, parent_execution_id,
      parent_step_key, started_at, updated_at, lease_owner, lease_pid, lease_host, lease_expires_at, lease_token)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`;
    const params = executionRowValues(record);
    if (writes.length === 0) {
      await this.#query(insert, params);
      return;
    }
    await this.#transaction(async (client) => {
      await client.query(insert, params);
      for (const part of splitWrites(writes)) await commitPart(client, part);
    });
  }

  async getExecution(id: string): Promise<ExecutionRecord | undefined> {
    const row = (await this.#query('SELECT * FROM executions WHERE id = $1', [id]))[0];
    return row ? toExecution(row) : undefined;
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionRecord[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.state !== undefined) {
      params.push(filter.state);
      clauses.push(`state = $${params.length}`);
    }
    if (filter.workflowName !== undefined) {
      params.push(filter.workflowName);
      clauses.push(`workflow_name = $${params.length}`);
    }
    if (filter.since !== undefined) {
      params.push(filter.since);
      clauses.push(`started_at >= $${params.length}`);
    }
    if (filter.updatedSince !== undefined) {
      params.push(filter.updatedSince);
      clauses.push(`updated_at >= $${params.length}`);
    }
    if (filter.after !== undefined) {
      params.push(filter.after.startedAt, filter.after.id);
      const [at, id] = [params.length - 1, params.length];
      clauses.push(`(started_at < $${at} OR (started_at = $${at} AND id > $${id}))`);
    }
    if (filter.parentExecutionId === null) clauses.push('parent_execution_id IS NULL');
    else if (filter.parentExecutionId !== undefined) {
      params.push(filter.parentExecutionId);
      clauses.push(`parent_execution_id = $${params.length}`);
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    params.push(filter.limit ?? 50);
    const rows = await this.#query(
      `SELECT * FROM executions ${where} ORDER BY started_at DESC, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toExecution);
  }

  async countExecutionsByState(): Promise<Record<string, number>> {
    const rows = await this.#query(
      'SELECT state, count(*) AS count FROM executions WHERE parent_execution_id IS NULL GROUP BY state',
      [],
    );
    return Object.fromEntries(rows.map((row) => [String(row.state), Number(row.count)]));
  }

  async getSteps(executionId: string): Promise<StepRecord[]> {
    const [events, pids] = await Promise.all([
      this.getEvents(executionId),
      this.#query('SELECT step_key, pid FROM step_processes WHERE execution_id = $1', [executionId]),
    ]);
    const pidOf = new Map(pids.map((row) => [String(row.step_key), Number(row.pid)]));
    const steps = foldStepStates(events);
    for (const step of steps) {
      const pid = pidOf.get(step.key);
      if (pid !== undefined) step.pid = pid;
    }
    return steps;
  }

  async getEvents(executionId: string, afterSeq = 0): Promise<EventRecord[]> {
    const rows = await this.#query(
      'SELECT * FROM workflow_events WHERE execution_id = $1 AND seq > $2 ORDER BY seq',
      [executionId, afterSeq],
    );
    return rows.map(toEvent);
  }

  async findUnheldExecutions(now: number, limit: number): Promise<string[]> {
    const rows = await this.#query(
      `SELECT id FROM executions WHERE state IN ('queued', 'executing') AND parent_execution_id IS NULL
       AND (lease_owner IS NULL OR lease_expires_at < $1) ORDER BY started_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => String(row.id));
  }

  async lastEventSeq(executionId: string): Promise<number> {
    const rows = await this.#query('SELECT max(seq) AS seq FROM workflow_events WHERE execution_id = $1', [
      executionId,
    ]);
    return Number(rows[0]?.seq ?? 0);
  }

  async getCheckpoint(id: string): Promise<CheckpointRecord | undefined> {
    const at = id.lastIndexOf('@');
    const seq = Number(id.slice(at + 1));
    if (at <= 0 || !Number.isInteger(seq)) return undefined;
    const executionId = id.slice(0, at);
    const row = (
      await this.#query(
        "SELECT step_key, seq, at FROM workflow_events WHERE execution_id = $1 AND seq = $2 AND type = 'step_completed'",
        [executionId, seq],
      )
    )[0];
    if (!row) return undefined;
    return { id, executionId, stepKey: String(row.step_key), seq, createdAt: Number(row.at) };
  }

  async commit(writes: readonly StoreWrite[], fence?: LeaseFence): Promise<void> {
    if (writes.length === 0) return;
    const parts = splitWrites(writes, fence);
    if (parts.length === 1) {
      await this.ready();
      await commitPart(this.pool, parts[0]!).catch((cause: unknown) => {
        throw this.#explain(cause);
      });
      return;
    }
    await this.#transaction(async (client) => {
      for (const part of parts) await commitPart(client, part);
    });
  }

  async recordProcess(
    executionId: string,
    stepKey: string,
    pid: number | undefined,
    fence?: LeaseFence,
  ): Promise<void> {
    const held =
      'AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM executions WHERE id = $1 AND lease_owner = $3 AND lease_token = $4::bigint))';
    if (pid === undefined) {
      await this.#query(`DELETE FROM step_processes WHERE execution_id = $1 AND step_key = $2 ${held}`, [
        executionId,
        stepKey,
        fence?.owner ?? null,
        fence?.token ?? null,
      ]);
      return;
    }
    await this.#query(
      `INSERT INTO step_processes (execution_id, step_key, pid) SELECT $1, $2, $5 WHERE true ${held}
       ON CONFLICT (execution_id, step_key) DO UPDATE SET pid = excluded.pid`,
      [executionId, stepKey, fence?.owner ?? null, fence?.token ?? null, pid],
    );
  }

  async acquireLease(
    executionId: string,
    lease: Lease,
    takeOverFrom?: string,
  ): Promise<{ acquired: boolean; holder?: Lease }> {
    const taken = await this.#query(
      `UPDATE executions SET lease_owner = $1, lease_pid = $2, lease_host = $3, lease_expires_at = $4,
        lease_token = lease_token + 1
       WHERE id = $5 AND (lease_owner IS NULL OR lease_expires_at < $6 OR lease_owner = $1 OR lease_owner = $7)
       RETURNING *`,
      [lease.owner, lease.pid, lease.host, lease.expiresAt, executionId, Date.now(), takeOverFrom ?? null],
    );
    const row = taken[0] ?? (await this.#query('SELECT * FROM executions WHERE id = $1', [executionId]))[0];
    const holder = row ? toExecution(row).lease : undefined;
    return { acquired: taken.length > 0, ...(holder ? { holder } : {}) };
  }

  async renewLease(fence: LeaseFence, expiresAt: number): Promise<boolean> {
    const rows = await this.#query(
      'UPDATE executions SET lease_expires_at = $1 WHERE id = $2 AND lease_owner = $3 AND lease_token = $4 RETURNING 1',
      [expiresAt, fence.executionId, fence.owner, fence.token],
    );
    return rows.length > 0;
  }

  async releaseLease(executionId: string, owner: string): Promise<void> {
    await this.#query(
      'UPDATE executions SET lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2',
      [executionId, owner],
    );
  }

  async requestControl(executionId: string, request: ControlRequest): Promise<void> {
    await this.#query('UPDATE executions SET control = $1 WHERE id = $2', [request, executionId]);
  }

  async clearControl(executionId: string): Promise<void> {
    await this.#query('UPDATE executions SET control = NULL WHERE id = $1', [executionId]);
  }

  async readControl(executionId: string): Promise<ControlRequest | undefined> {
    const control = (await this.#query('SELECT control FROM executions WHERE id = $1', [executionId]))[0]
      ?.control;
    return control === 'pause' || control === 'cancel' ? control : undefined;
  }

  async saveApproval(record: ApprovalRecord): Promise<void> {
    await this.#query(
      `INSERT INTO approvals (execution_id, step_key, decision, decided_by, comment, at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (execution_id, step_key) DO NOTHING`,
      [record.executionId, record.stepKey, record.decision, record.by, record.comment ?? null, record.at],
    );
  }

  async getApproval(executionId: string, stepKey: string): Promise<ApprovalRecord | undefined> {
    const row = (
      await this.#query('SELECT * FROM approvals WHERE execution_id = $1 AND step_key = $2', [
        executionId,
        stepKey,
      ])
    )[0];
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ready?.catch(() => {});
    await this.#pool?.end();
  }

  async #query(sql: string, params: unknown[]): Promise<Row[]> {
    await this.ready();
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (cause) {
      throw this.#explain(cause);
    }
  }

  async #transaction(body: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    await this.ready();
    const client = await this.pool.connect().catch((cause: unknown) => {
      throw this.#explain(cause);
    });
    try {
      await client.query('BEGIN');
      await body(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.#explain(error);
    } finally {
      client.release();
    }
  }

  #explain(cause: unknown): Error {
    if (cause instanceof LeaseLostError || cause instanceof DatabaseUnavailableError) return cause;
    const text = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: string } | undefined)?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '57P03' || /connect/i.test(text)) {
      return new DatabaseUnavailableError(
        `PostgreSQL at ${this.#where} is unreachable (${text}); check DATABASE_URL and that the server is running`,
        this.#where,
        cause,
      );
    }
    return new DatabaseUnavailableError(`PostgreSQL at ${this.#where}: ${text}`, this.#where, cause);
  }
}

/** Opens the PostgreSQL store at `url` (`postgres://user@host:5432/db?schema=name`). */
export function createPostgresWorkflowStore(
  url: string,
  options: PostgresWorkflowStoreOptions = {},
): PostgresWorkflowStore {
  return new PostgresWorkflowStore(url, options);
}

/** Splits `?schema=` off a URL (a convention shared with Prisma) and a password-free `host:port/db`. */
export function parsePostgresUrl(url: string): { url: string; schema?: string; where: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, where: 'DATABASE_URL' };
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const where = `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  return { url: parsed.toString(), ...(schema ? { schema } : {}), where };
}
