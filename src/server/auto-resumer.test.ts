import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openDatabase, SqliteWorkflowStore } from '../store/index.js';
import { AutoResumer, autoResumedEvent } from './auto-resumer.js';

/** A pid that belonged to a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function storeWithOrphan(pid: number) {
  const store = new SqliteWorkflowStore(openDatabase(':memory:'));
  store.saveWorkflow({ id: 'wf', name: 'wf', file: 'wf.yaml', definition: '{}' });
  const at = Date.now();
  store.createExecution(
    {
      id: 'ex-1',
      workflowId: 'wf',
      workflowName: 'wf',
      file: 'wf.yaml',
      state: 'executing',
      inputs: {},
      startedAt: at,
      updatedAt: at,
      resumeCount: 0,
      lease: { owner: 'dead-owner', pid, host: hostname(), expiresAt: at + 60_000, token: 1 },
    },
    [{ type: 'event', event: { executionId: 'ex-1', seq: 1, type: 'workflow_started', at } }],
  );
  return store;
}

describe('AutoResumer', () => {
  it('resumes a run whose holder died, once per death, even with two servers looking at once', async () => {
    const store = storeWithOrphan(deadPid());
    const resumed: string[] = [];
    const make = () => new AutoResumer({ store, resume: async (id) => resumed.push(id) });
    const [a, b] = await Promise.all([make().scan(), make().scan()]);
    expect([...a, ...b]).toEqual(['ex-1']);
    expect(resumed).toEqual(['ex-1']);
    // The holder is still the same dead process (resume was not real here): no second resume.
    expect(await make().scan()).toEqual([]);
    const claims = store.getEvents('ex-1').filter((event) => event.type === autoResumedEvent);
    expect(claims).toHaveLength(1);
    expect(claims[0]!.data).toMatchObject({ death: 'dead-owner', by: { pid: process.pid } });
  });

  it('leaves a run alone while its holder lives', async () => {
    const store = storeWithOrphan(process.pid);
    const resumer = new AutoResumer({ store, resume: async () => undefined });
    expect(await resumer.scan()).toEqual([]);
  });
});
