import type { Migration } from './migrate.js';

/**
 * The workflow engine's tables. The append-only event log is the source of truth for steps: a step
 * transition is one event row, and step states and checkpoints are views over the log.
 */
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

      -- Step states are the latest step event of each step (dropped in version 2: see foldStepStates).
      CREATE VIEW step_states AS
        SELECT execution_id, step_key,
          CASE type WHEN 'step_started' THEN 'running' WHEN 'step_retrying' THEN 'running'
            WHEN 'step_completed' THEN 'succeeded' WHEN 'step_failed' THEN 'failed' WHEN 'step_skipped' THEN 'skipped'
            WHEN 'step_interrupted' THEN 'pending' WHEN 'step_cancelled' THEN 'cancelled' END AS status,
          attempt, data, at
        FROM (
          SELECT *, row_number() OVER (PARTITION BY execution_id, step_key ORDER BY seq DESC) AS latest
          FROM workflow_events WHERE step_key IS NOT NULL AND type IN ('step_started', 'step_retrying',
            'step_completed', 'step_failed', 'step_skipped', 'step_interrupted', 'step_cancelled')
        ) WHERE latest = 1;

      -- The process a running step started, so a resume after a crash can stop an orphan.
      CREATE TABLE step_processes (
        execution_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        pid INTEGER NOT NULL,
        PRIMARY KEY (execution_id, step_key)
      ) STRICT, WITHOUT ROWID;

      -- A checkpoint is a step's completion as the event log recorded it: the step row already holds the
      -- state to resume from, so nothing is written twice. Its id is 'execution@seq'.
      CREATE VIEW checkpoints AS
        SELECT execution_id || '@' || seq AS id, execution_id, step_key, seq, at AS created_at
        FROM workflow_events WHERE type = 'step_completed';

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
  {
    version: 2,
    name: 'fenced leases; step states only from the event log',
    sql: `
      -- Bumped whenever the lease changes hands; a runner's commits carry it and fail once it moved on.
      ALTER TABLE executions ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
      -- Step states are derived in one place, foldStepStates over the event log; this view was unread.
      DROP VIEW step_states;
    `,
  },
  {
    version: 3,
    name: 'executions by update time and state; top-level executions by start',
    sql: `
      CREATE INDEX executions_updated ON executions (updated_at);
      CREATE INDEX executions_state ON executions (state, started_at);
      CREATE INDEX executions_top ON executions (parent_execution_id, started_at);
    `,
  },
];
