import type { Migration } from './migrate.js';

/**
 * The workflow engine's tables on PostgreSQL: the same shape as the SQLite ones (an append-only event
 * log is the source of truth for steps), with times as epoch milliseconds in BIGINT and JSON as text
 * so both stores read and write exactly the same records.
 */
export const postgresWorkflowMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'workflow tables with fenced leases',
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT,
        file TEXT NOT NULL,
        definition TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX workflows_name ON workflows (name);

      CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows (id),
        workflow_name TEXT NOT NULL,
        file TEXT NOT NULL,
        state TEXT NOT NULL,
        inputs TEXT NOT NULL,
        parent_execution_id TEXT,
        parent_step_key TEXT,
        started_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        completed_at BIGINT,
        error TEXT,
        resume_count INTEGER NOT NULL DEFAULT 0,
        control TEXT,
        lease_owner TEXT,
        lease_pid INTEGER,
        lease_host TEXT,
        lease_expires_at BIGINT,
        lease_token BIGINT NOT NULL DEFAULT 0
      );
      CREATE INDEX executions_started ON executions (started_at);
      CREATE INDEX executions_parent ON executions (parent_execution_id);

      CREATE TABLE workflow_events (
        execution_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        step_key TEXT,
        attempt INTEGER,
        data TEXT,
        at BIGINT NOT NULL,
        PRIMARY KEY (execution_id, seq)
      );
      CREATE INDEX workflow_events_completed ON workflow_events (execution_id, seq) WHERE type = 'step_completed';

      CREATE TABLE step_processes (
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        pid INTEGER NOT NULL,
        PRIMARY KEY (execution_id, step_key)
      );

      CREATE TABLE approvals (
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        decision TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        comment TEXT,
        at BIGINT NOT NULL,
        PRIMARY KEY (execution_id, step_key)
      );
    `,
  },
  {
    version: 2,
    name: 'executions by update time; top-level executions by start',
    sql: `
      CREATE INDEX executions_updated ON executions (updated_at);
      CREATE INDEX executions_top ON executions (parent_execution_id, started_at);
    `,
  },
  {
    version: 3,
    name: 'executions by state',
    sql: `
      CREATE INDEX IF NOT EXISTS executions_state ON executions (state, started_at);
    `,
  },
  {
    version: 4,
    name: 'no second index on step completions',
    // The primary key (execution_id, seq) already finds a checkpoint; the partial index only cost an
    // index insertion on every step's completion, on the hot path of a durable step.
    sql: `
      DROP INDEX IF EXISTS workflow_events_completed;
    `,
  },
];
