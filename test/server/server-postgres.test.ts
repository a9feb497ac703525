import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { describeWithPostgres, postgresUrl, uniqueServiceName } from '../helpers/services.js';
import { eventually, serverClient } from './server-client.js';

describeWithPostgres('two ax servers on one PostgreSQL store', () => {
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ax-server-pg-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(
      join(dir, 'workflows', 'gate.yaml'),
      'name: gate\nsteps:\n  - key: build\n    run: echo built\n  - key: approve\n    dependsOn: build\n    approval: Ship it?\n  - key: ship\n    dependsOn: approve\n    run: echo shipped\n',
    );
    const url = new URL(postgresUrl!);
    url.searchParams.set('schema', uniqueServiceName('server'));
    const start = (name: string) =>
      startServer({
        port: 0,
        projectDirectory: dir,
        databasePath: join(dir, `${name}.db`),
        token: 'postgres-test-token-0123456789',
        enginePollIntervalMs: 20,
        pollIntervalMs: 50,
        env: { DATABASE_URL: url.toString() },
      });
    a = await start('a');
    b = await start('b');
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on executions: a run started on one is listed, streamed and approved on the other', async () => {
    const onA = serverClient(a);
    const onB = serverClient(b);
    const { json } = await onA.call('POST', '/api/v1/executions', { workflow: 'gate' });
    const id = json.executionId as string;
    const listed = await onB.call('GET', '/api/v1/executions?workflow=gate');
    expect(listed.json.executions.map((execution: { id: string }) => execution.id)).toContain(id);
    await eventually(async () =>
      (await onB.call('GET', `/api/v1/executions/${id}`)).json.pendingApprovals.length > 0 ? true : undefined,
    );
    const streamed = onB.events(`/api/v1/executions/${id}/events`, (events) =>
      events.some((event) => event.data.includes('workflow_completed')),
    );
    expect(
      (await onB.call('POST', `/api/v1/executions/${id}/approvals/approve`, { decision: 'approve' })).status,
    ).toBe(200);
    const types = (await streamed).map((event) => JSON.parse(event.data).type);
    expect(types.slice(-3)).toEqual(['step_started', 'step_completed', 'workflow_completed']);
    const detail = (await onB.call('GET', `/api/v1/executions/${id}`)).json;
    expect(detail.execution.state).toBe('completed');
    expect((await onB.call('GET', '/metrics')).text).toMatch(/ax_runs\{state="completed"\} 1/);
  });
});
