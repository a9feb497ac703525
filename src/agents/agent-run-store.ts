import type { DatabaseSync } from 'node:sqlite';
import { redactString, redactStrings } from '../secrets/index.js';
import { type Migration, migrate } from '../store/index.js';

export const agentMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'agent runs',
    sql: `CREATE TABLE agent_runs (
      id TEXT PRIMARY KEY,
      parent_run_id TEXT,
      agent TEXT NOT NULL,
      task TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
      text TEXT,
      tool_calls TEXT NOT NULL DEFAULT '[]',
      input_tokens INTEGER NOT NULL DEFAULT 0,
      output_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      provider TEXT,
      model TEXT,
      simulated INTEGER NOT NULL DEFAULT 0,
      steps INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      duration_ms INTEGER
    ) STRICT;
    CREATE INDEX agent_runs_started ON agent_runs (started_at DESC);
    CREATE INDEX agent_runs_parent ON agent_runs (parent_run_id);`,
  },
];

export type AgentRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One tool call of a run as recorded: outputs are shortened so a chatty tool cannot bloat the store. */
export interface AgentToolCallRecord {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output?: unknown;
  error?: string;
  durationMs: number;
}

export interface AgentRunRecord {
  id: string;
  parentRunId: string | undefined;
  agent: string;
  task: string;
  status: AgentRunStatus;
  text: string | undefined;
  toolCalls: AgentToolCallRecord[];
  /** Includes the runs it delegated to (whose own rows hold their share): don't sum across a tree. */
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  provider: string | undefined;
  model: string | undefined;
  simulated: boolean;
  steps: number;
  error: string | undefined;
  startedAt: number;
  finishedAt: number | undefined;
  durationMs: number | undefined;
}

export interface AgentRunFinish {
  status: Exclude<AgentRunStatus, 'running'>;
  text?: string;
  toolCalls: AgentToolCallRecord[];
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  provider?: string;
  model?: string;
  simulated: boolean;
  steps: number;
  error?: string;
  finishedAt: number;
  durationMs: number;
}

/** Agent runs in SQLite (component `agents`): one row written at start, updated once at the end. */
export class AgentRunStore {
  constructor(readonly db: DatabaseSync) {
    migrate(db, 'agents', agentMigrations);
  }

  start(run: { id: string; agent: string; task: string; parentRunId?: string; startedAt: number }): void {
    this.db
      .prepare(
        'INSERT INTO agent_runs (id, parent_run_id, agent, task, status, started_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(run.id, run.parentRunId ?? null, run.agent, redactString(run.task), 'running', run.startedAt);
  }

  finish(id: string, end: AgentRunFinish): void {
    this.db
      .prepare(
        `UPDATE agent_runs SET status = ?, text = ?, tool_calls = ?, input_tokens = ?, output_tokens = ?,
         cost_usd = ?, provider = ?, model = ?, simulated = ?, steps = ?, error = ?, finished_at = ?,
         duration_ms = ? WHERE id = ?`,
      )
      .run(
        end.status,
        end.text === undefined ? null : redactString(end.text),
        JSON.stringify(redactStrings(end.toolCalls.map(shorten))),
        end.usage.inputTokens,
        end.usage.outputTokens,
        end.costUsd,
        end.provider ?? null,
        end.model ?? null,
        end.simulated ? 1 : 0,
        end.steps,
        end.error === undefined ? null : redactString(end.error),
        end.finishedAt,
        end.durationMs,
        id,
      );
  }

  /** Most recent first. */
  list(options: { limit?: number; agent?: string } = {}): AgentRunRecord[] {
    const limit = options.limit ?? 20;
    const rows = options.agent
      ? this.db
          .prepare('SELECT * FROM agent_runs WHERE agent = ? ORDER BY started_at DESC, rowid DESC LIMIT ?')
          .all(options.agent, limit)
      : this.db.prepare('SELECT * FROM agent_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit);
    return rows.map(toRecord);
  }

  /** A run by id or by a unique id prefix (as `ax runs show 3f9c` accepts). */
  get(idOrPrefix: string): AgentRunRecord | undefined {
    const exact = this.db.prepare('SELECT * FROM agent_runs WHERE id = ?').get(idOrPrefix);
    if (exact) return toRecord(exact);
    const rows = this.db
      .prepare("SELECT * FROM agent_runs WHERE id LIKE ? ESCAPE '\\' LIMIT 2")
      .all(`${idOrPrefix.replace(/[\\%_]/g, '\\$&')}%`);
    return rows.length === 1 ? toRecord(rows[0]!) : undefined;
  }

  children(id: string): AgentRunRecord[] {
    return this.db
      .prepare('SELECT * FROM agent_runs WHERE parent_run_id = ? ORDER BY started_at, rowid')
      .all(id)
      .map(toRecord);
  }
}

const maxRecordedOutput = 4_000;

function shorten(call: AgentToolCallRecord): AgentToolCallRecord {
  if (call.output === undefined) return call;
  const text = JSON.stringify(call.output);
  if (text.length <= maxRecordedOutput) return call;
  return {
    ...call,
    output: `${text.slice(0, maxRecordedOutput)}… [${text.length - maxRecordedOutput} more characters]`,
  };
}

type Row = Record<string, unknown>;

function toRecord(row: Row): AgentRunRecord {
  const optionalText = (value: unknown) =>
    value === null || value === undefined ? undefined : String(value);
  const optionalNumber = (value: unknown) =>
    value === null || value === undefined ? undefined : Number(value);
  return {
    id: String(row.id),
    parentRunId: optionalText(row.parent_run_id),
    agent: String(row.agent),
    task: String(row.task),
    status: String(row.status) as AgentRunStatus,
    text: optionalText(row.text),
    toolCalls: JSON.parse(String(row.tool_calls)) as AgentToolCallRecord[],
    usage: { inputTokens: Number(row.input_tokens), outputTokens: Number(row.output_tokens) },
    costUsd: Number(row.cost_usd),
    provider: optionalText(row.provider),
    model: optionalText(row.model),
    simulated: Number(row.simulated) === 1,
    steps: Number(row.steps),
    error: optionalText(row.error),
    startedAt: Number(row.started_at),
    finishedAt: optionalNumber(row.finished_at),
    durationMs: optionalNumber(row.duration_ms),
  };
}
