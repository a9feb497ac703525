import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRunQueue, resolveDispatchSettings } from '../../src/dispatch/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { describeWithRedis, postgresUrl, redisUrl, uniqueServiceName } from '../helpers/services.js';
import { serverClient } from './server-client.js';

describeWithRedis('ax server with workers (PostgreSQL + Redis)', () => {
  let dir: string;
  let server: RunningServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ax-server-dispatch-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(
      join(dir, 'workflows', 'hello.yaml'),
      'name: hello\nsteps:\n  - key: say\n    run: echo hello\n',
    );
    const url = new URL(postgresUrl!);
    url.searchParams.set('schema', uniqueServiceName('serverq'));
    env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl!,
      AX_QUEUE: uniqueServiceName('serverq'),
      AX_QUEUE_PREFIX: uniqueServiceName('axq'),
    };
    server = await startServer({
      port: 0,
      projectDirectory: dir,
      databasePath: join(dir, 'ax.db'),
      token: 'dispatch-test-token-0123456789',
      autoResume: false,
      env,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('queues a submitted run for workers instead of running it, and reports the queue in /metrics', async () => {
    const api = serverClient(server);
    const submitted = await api.call('POST', '/api/v1/executions', { workflow: 'hello' });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(202);
    expect(submitted.json.state).toBe('queued');
    const id = submitted.json.executionId as string;
    expect((await api.call('GET', `/api/v1/executions/${id}`)).json.execution.state).toBe('queued');
    const queue = createRunQueue(resolveDispatchSettings(env)!);
    try {
      expect((await queue.queue.getJob(id))?.data).toEqual({ executionId: id });
      await expect((await api.call('GET', '/metrics')).text).toMatch(/^ax_queue_depth 1$/m);
      await queue.queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  });

  it('hands a resumed run back to the workers: queued again, its id in the queue, nothing run here', async () => {
    const api = serverClient(server);
    const id = (await api.call('POST', '/api/v1/executions', { workflow: 'hello' })).json
      .executionId as string;
    const paused = await api.call('POST', `/api/v1/executions/${id}/pause`);
    expect(paused.json, JSON.stringify(paused.json)).toMatchObject({ state: 'paused', applied: true });
    const queue = createRunQueue(resolveDispatchSettings(env)!);
    try {
      await queue.queue.obliterate({ force: true });
      const resumed = await api.call('POST', `/api/v1/executions/${id}/resume`, {});
      expect(resumed.status, JSON.stringify(resumed.json)).toBe(202);
      expect(resumed.json).toMatchObject({ executionId: id, state: 'queued' });
      expect((await queue.queue.getJob(id))?.data).toEqual({ executionId: id });
      const { execution, steps } = (await api.call('GET', `/api/v1/executions/${id}`)).json;
      expect(execution).toMatchObject({ state: 'queued', resumeCount: 1 });
      expect(steps).toEqual([]);
      await queue.queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  });
});
