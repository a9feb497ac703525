import type { EventRecord, ExecutionRecord } from './workflow-store.js';

/**
 * Rows of the executions and workflow_events tables as store records. Both stores keep the same
 * columns (times as epoch milliseconds, JSON as text), so one mapping serves SQLite and PostgreSQL.
 */
type Row = Record<string, unknown>;

/**
 * The values of a new executions row, in the column order both stores insert: id, workflow_id,
 * workflow_name, file, state, inputs, parent_execution_id, parent_step_key, started_at, updated_at,
 * lease_owner, lease_pid, lease_host, lease_expires_at, lease_token.
 */
export function executionRowValues(record: ExecutionRecord): (string | number | null)[] {
  return [
    record.id,
    record.workflowId,
    record.workflowName,
    record.file,
    record.state,
    JSON.stringify(record.inputs),
    record.parentExecutionId ?? null,
    record.parentStepKey ?? null,
    record.startedAt,
    record.updatedAt,
    record.lease?.owner ?? null,
    record.lease?.pid ?? null,
    record.lease?.host ?? null,
    record.lease?.expiresAt ?? null,
    record.lease ? record.lease.token : 0,
  ];
}

export function toExecution(row: Row): ExecutionRecord {
  const record: ExecutionRecord = {
    id: String(row.id),
    workflowId: String(row.workflow_id),
    workflowName: String(row.workflow_name),
    file: String(row.file),
    state: String(row.state),
    inputs: JSON.parse(String(row.inputs)) as Record<string, unknown>,
    startedAt: Number(row.started_at),
    updatedAt: Number(row.updated_at),
    resumeCount: Number(row.resume_count),
  };
  if (row.parent_execution_id !== null) record.parentExecutionId = String(row.parent_execution_id);
  if (row.parent_step_key !== null) record.parentStepKey = String(row.parent_step_key);
  if (row.completed_at !== null) record.completedAt = Number(row.completed_at);
  if (row.error !== null) record.error = String(row.error);
  if (row.control === 'pause' || row.control === 'cancel') record.control = row.control;
  if (row.lease_owner !== null) {
    record.lease = {
      owner: String(row.lease_owner),
      pid: Number(row.lease_pid),
      host: String(row.lease_host),
      expiresAt: Number(row.lease_expires_at),
      token: Number(row.lease_token),
    };
  }
  return record;
}

export function toEvent(row: Row): EventRecord {
  const record: EventRecord = {
    executionId: String(row.execution_id),
    seq: Number(row.seq),
    type: String(row.type),
    at: Number(row.at),
  };
  if (row.step_key !== null) record.stepKey = String(row.step_key);
  if (row.attempt !== null) record.attempt = Number(row.attempt);
  if (row.data !== null) record.data = JSON.parse(String(row.data)) as Record<string, unknown>;
  return record;
}
