import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { AutomatosxError } from '../errors/index.js';
import { openDatabase } from './open-database.js';
import { createSqliteWorkflowStore, SqliteWorkflowStore } from './sqlite-workflow-store.js';

const execution = (id: string) => ({
  id,
  workflowId: 'w1',
  workflowName: 'demo',
  file: '/tmp/demo.yaml',
  state: 'executing',
  inputs: { a: 1 },
  startedAt: 1,
  updatedAt: 1,
  resumeCount: 0,
});

describe('SqliteWorkflowStore', () => {
  it('commits a transition atomically and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-store-'));
    const store = createSqliteWorkflowStore(join(dir, 'ax.db'));
    store.saveWorkflow({ id: 'w1', name: 'demo', file: '/tmp/demo.yaml', definition: '{}' });
    store.createExecution(execution('e1'), []);
    store.commit([
      {
        type: 'event',
        event: { executionId: 'e1', seq: 1, type: 'step_started', stepKey: 'a', attempt: 1, at: 5 },
      },
    ]);
    store.commit([
      {
        type: 'event',
        event: {
          executionId: 'e1',
          seq: 2,
          type: 'step_completed',
          stepKey: 'a',
          attempt: 1,
          at: 9,
          data: { output: { ok: true } },
        },
      },
      {
        type: 'event',
        event: { executionId: 'e1', seq: 3, type: 'step_started', stepKey: 'b', attempt: 1, at: 9 },
      },
    ]);
    store.recordProcess('e1', 'b', 4242);
    expect(store.getSteps('e1')).toEqual([
      {
        executionId: 'e1',
        key: 'a',
        status: 'succeeded',
        attempt: 1,
        output: { ok: true },
        startedAt: 5,
        finishedAt: 9,
      },
      { executionId: 'e1', key: 'b', status: 'running', attempt: 1, startedAt: 9, pid: 4242 },
    ]);
    expect(store.getCheckpoint('e1@2')).toEqual({
      id: 'e1@2',
      executionId: 'e1',
      stepKey: 'a',
      seq: 2,
      createdAt: 9,
    });
    expect(store.getCheckpoint('e1@1')).toBeUndefined();
    expect(store.lastEventSeq('e1')).toBe(3);

    // A write that fails part-way leaves nothing of its transition behind.
    expect(() =>
      store.commit([
        { type: 'execution', executionId: 'e1', state: 'failed', at: 10, completed: true },
        { type: 'event', event: { executionId: 'e1', seq: 3, type: 'duplicate-seq', at: 10 } },
      ]),
    ).toThrow();
    expect(store.getExecution('e1')?.state).toBe('executing');
    expect(store.lastEventSeq('e1')).toBe(3);
    store.close();
  });

  it('reports a database locked by another process clearly, and loses nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-store-'));
    const path = join(dir, 'ax.db');
    const store = createSqliteWorkflowStore(path, { busyTimeoutMs: 50 });
    store.saveWorkflow({ id: 'w1', name: 'demo', file: '/tmp/demo.yaml', definition: '{}' });
    store.createExecution(execution('e1'), []);
    const other = new DatabaseSync(path);
    other.exec('BEGIN EXCLUSIVE');
    let error: unknown;
    try {
      store.createExecution(execution('e2'), []);
    } catch (caught) {
      error = caught;
    }
    other.exec('ROLLBACK');
    other.close();
    expect(AutomatosxError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/database .*ax\.db is locked by another process/);
    expect(store.listExecutions().map((row) => row.id)).toEqual(['e1']);
    store.close();
  });

  it('says clearly when the database cannot be written, and keeps what it holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-store-'));
    const path = join(dir, 'ax.db');
    const writable = createSqliteWorkflowStore(path);
    writable.saveWorkflow({ id: 'w1', name: 'demo', file: '/tmp/demo.yaml', definition: '{}' });
    writable.createExecution(execution('e1'), []);
    writable.close();
    // Tests run as root, for whom file modes do not stop writes; a read-only connection is what a
    // read-only file or mount gives any other user.
    const readOnly = new SqliteWorkflowStore(openDatabase(path, { readOnly: true }), path);
    expect(() => readOnly.createExecution(execution('e2'), [])).toThrow(
      /ax\.db cannot be written .*check its permissions/,
    );
    expect(readOnly.listExecutions().map((row) => row.id)).toEqual(['e1']);
    readOnly.close();
  });

  it('refuses a file that is not a database, and a path that cannot be created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-store-'));
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just text that happens to be long enough to have a header');
    expect(() => createSqliteWorkflowStore(junk)).toThrow(/is not an AutomatosX database/);
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    expect(() => createSqliteWorkflowStore(join(blocked, 'ax.db'))).toThrow(
      /cannot create the folder for database/,
    );
  });
});
