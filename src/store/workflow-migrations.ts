import type { Migration } from './migrate.js';

/** The workflow engine's tables: a row per step (updated in place) and an append-only event log. */
export const workflowMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'workflow tables',
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT,
        file TEXT NOT NULL,
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
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
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        completed_at INTEGER,
        error TEXT,
        resume_count INTEGER NOT NULL DEFAULT 0,
        control TEXT,
        lease_owner TEXT,
        lease_pid INTEGER,
        lease_host TEXT,
        lease_expires_at INTEGER
      ) STRICT;
      CREATE INDEX executions_started ON executions (started_at);
      CREATE INDEX executions_parent ON executions (parent_execution_id);

      CREATE TABLE step_states (
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        output TEXT,
        outputs TEXT,
        error TEXT,
        reason TEXT,
        started_at INTEGER,
        finished_at INTEGER,
        pid INTEGER,
        PRIMARY KEY (execution_id, step_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE workflow_events (
        execution_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        step_key TEXT,
        attempt INTEGER,
        data TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (execution_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE checkpoints (
        id TEXT PRIMARY KEY,
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE approvals (
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        decision TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        comment TEXT,
        at INTEGER NOT NULL,
        PRIMARY KEY (execution_id, step_key)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
