import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autoResumedEvent, type RunningServer, startServer } from '../../src/server/index.js';
import { createSqliteWorkflowStore } from '../../src/store/index.js';
import { startCli } from '../helpers/cli.js';
import { eventually, serverClient } from './server-client.js';

describe('ax server auto-resume', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ax-server-resume-'));
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes on start a run whose process was killed with -9, and says so in its events', async () => {
    const db = join(dir, 'ax.db');
    const file = join(dir, 'gate.yaml');
    writeFileSync(
      file,
      'name: gate\nsteps:\n  - key: build\n    run: echo built\n  - key: approve\n    dependsOn: build\n    approval: Ship it?\n  - key: ship\n    dependsOn: approve\n    run: echo shipped\n',
    );
    const child = startCli(['workflow', 'run', file, '--db', db], { cwd: dir });
    const store = createSqliteWorkflowStore(db);
    const id = await eventually(async () => {
      const [execution] = store.listExecutions({});
      if (!execution) return undefined;
      const approve = store.getSteps(execution.id).find((step) => step.key === 'approve');
      return approve?.status === 'running' ? execution.id : undefined;
    }, 400);
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    store.close();

    server = await startServer({
      port: 0,
      projectDirectory: dir,
      databasePath: db,
      token: 'resume-test-token-0123456789',
      enginePollIntervalMs: 20,
      env: {},
    });
    expect(server.resumedAtStart).toEqual([id]);
    const api = serverClient(server);
    const events = (await api.call('GET', `/api/v1/executions/${id}`)).json;
    expect(events.execution.state).toBe('executing');
    await api.call('POST', `/api/v1/executions/${id}/approvals/approve`, { decision: 'approve' });
    const done = await eventually(async () => {
      const detail = (await api.call('GET', `/api/v1/executions/${id}`)).json;
      return detail.execution.state === 'completed' ? detail : undefined;
    });
    expect(done.steps.find((step: { key: string }) => step.key === 'build').attempt).toBe(1);
    const stream = await api.events(`/api/v1/executions/${id}/events`, (list) =>
      list.some((event) => event.data.includes('workflow_completed')),
    );
    const claim = stream
      .map((event) => JSON.parse(event.data))
      .find((event) => event.type === autoResumedEvent);
    expect(claim.data.deadHolder.pid).toBe(child.pid);
    expect((await api.call('GET', '/metrics')).text).toContain('ax_auto_resumed_total 1');
  });
});
