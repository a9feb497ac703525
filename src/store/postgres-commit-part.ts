import type pg from 'pg';
import { LeaseLostError } from './lease-lost-error.js';
import type { EventRecord, LeaseFence, StoreWrite } from './workflow-store.js';

type StateWrite = Extract<StoreWrite, { type: 'execution' }>;

/** Writes of one execution committed as one statement: its events, then at most one state change. */
export interface CommitPart {
  executionId: string;
  events: EventRecord[];
  state?: StateWrite;
  fence?: LeaseFence;
}

/**
 * A step's transition (events, no state change: what every durable step writes): the fence check,
 * row-locked so a takeover waits for this commit, and the event rows, in one statement whose row count
 * tells whether the lease was held. Without a fence ($2 null) the events are written as they are.
 */
const eventsStatement = `
WITH fence AS (
  SELECT 1 FROM executions WHERE id = $1 AND lease_owner = $2 AND lease_token = $3::bigint FOR UPDATE
)
INSERT INTO workflow_events (execution_id, seq, type, step_key, attempt, data, at)
SELECT $1, e.seq, e.type, e.step_key, e.attempt, e.data, e.at
FROM json_to_recordset($4::json) AS e(seq integer, type text, step_key text, attempt integer, data text, at bigint)
WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM fence)`;

/**
 * A run's transition (a start, a resume, an end): the fence check, the event rows and the execution's
 * new state in one statement. Without a fence ($2 null) the row only has to exist for the state change.
 */
const stateStatement = `
WITH fence AS (
  SELECT id FROM executions
  WHERE id = $1 AND ($2::text IS NULL OR (lease_owner = $2 AND lease_token = $3::bigint))
  FOR UPDATE
), inserted AS (
  INSERT INTO workflow_events (execution_id, seq, type, step_key, attempt, data, at)
  SELECT $1, e.seq, e.type, e.step_key, e.attempt, e.data, e.at
  FROM json_to_recordset($4::json) AS e(seq integer, type text, step_key text, attempt integer, data text, at bigint)
  WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM fence)
  RETURNING 1
), updated AS (
  UPDATE executions SET state = $5::text, updated_at = $6::bigint, completed_at = $7::bigint, error = $8::text,
    resume_count = resume_count + CASE WHEN $5::text IN ('executing', 'queued') AND state IN ('executing', 'paused', 'failed') THEN 1 ELSE 0 END,
    control = CASE WHEN $5::text = 'executing' THEN control END,
    lease_owner = CASE WHEN $5::text = 'executing' THEN lease_owner END,
    lease_pid = CASE WHEN $5::text = 'executing' THEN lease_pid END,
    lease_host = CASE WHEN $5::text = 'executing' THEN lease_host END,
    lease_expires_at = CASE WHEN $5::text = 'executing' THEN lease_expires_at END
  WHERE id IN (SELECT id FROM fence)
  RETURNING 1
)
SELECT (SELECT count(*) FROM fence)::int AS held, (SELECT count(*) FROM inserted)::int AS events`;

/** Writes grouped by execution, one state change per part, in order. */
export function splitWrites(writes: readonly StoreWrite[], fence?: LeaseFence): CommitPart[] {
  const parts: CommitPart[] = [];
  let part: CommitPart | undefined;
  for (const write of writes) {
    const executionId = write.type === 'event' ? write.event.executionId : write.executionId;
    if (!part || part.executionId !== executionId || part.state) {
      part = { executionId, events: [], ...(fence?.executionId === executionId ? { fence } : {}) };
      parts.push(part);
    }
    if (write.type === 'event') part.events.push(write.event);
    else part.state = write;
  }
  return parts;
}

/**
 * Commits one part in one round trip (autocommit, or inside the caller's transaction); throws
 * LeaseLostError when the part is fenced and the lease moved on. Both statements are named, so each
 * connection parses and plans them once: planning the CTE cost about as much as the whole bare
 * INSERT a durable step is benchmarked against. The step's statement leaves out the state change,
 * whose UPDATE alone (opening executions and its indexes, even for no row) cost more than the inserts.
 */
export async function commitPart(client: pg.Pool | pg.PoolClient, part: CommitPart): Promise<void> {
  const events = JSON.stringify(
    part.events.map((event) => ({
      seq: event.seq,
      type: event.type,
      step_key: event.stepKey ?? null,
      attempt: event.attempt ?? null,
      data: event.data === undefined ? null : JSON.stringify(event.data),
      at: event.at,
    })),
  );
  const fence = part.fence;
  const state = part.state;
  if (!state) {
    const result = await client.query({
      name: 'ax_commit_events',
      text: eventsStatement,
      values: [part.executionId, fence?.owner ?? null, fence?.token ?? null, events],
    });
    if (fence && result.rowCount === 0) throw new LeaseLostError(part.executionId);
    return;
  }
  const result = await client.query({
    name: 'ax_commit_state',
    text: stateStatement,
    values: [
      part.executionId,
      fence?.owner ?? null,
      fence?.token ?? null,
      events,
      state.state,
      state.at,
      state.state !== 'executing' && state.completed ? state.at : null,
      state.error ?? null,
    ],
  });
  const row = result.rows[0] as { held: number } | undefined;
  if (fence && row?.held !== 1) throw new LeaseLostError(part.executionId);
}
