import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteWorkflowStore } from '../store/index.js';
import { createEngine, loadWorkflowFile } from '../workflows/index.js';
import { attachRunAlerts, type RunAlertPayload } from './run-alerts.js';
import { createWebhookSender } from './webhook-sender.js';

interface Received {
  method: string;
  contentType: string | undefined;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that answers each request with the next scripted status. */
async function receiver(statuses: number[] = []) {
  const requests: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ method: request.method ?? '', contentType: request.headers['content-type'], body });
      const status = statuses.shift() ?? 204;
      if (status === 0) return; // never answer: the sender's timeout must end the attempt
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ax`, requests };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('webhook sender', () => {
  it('retries 5xx and timeouts with growing backoff, then delivers', async () => {
    const hook = await receiver([503, 0, 200]);
    const delays: number[] = [];
    const send = createWebhookSender({
      url: hook.url,
      timeoutMs: 200,
      retries: 3,
      backoffBaseMs: 100,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });
    const result = await send({ hello: 'world' });
    expect(result).toEqual({ delivered: true, attempts: 3, status: 200 });
    expect(delays).toEqual([50, 100]);
    expect(hook.requests.map((request) => request.body)).toEqual(Array(3).fill('{"hello":"world"}'));
  });

  it('gives up at once on a 4xx other than 408/429, and after its retries otherwise', async () => {
    const rejected = await receiver([404]);
    expect(await createWebhookSender({ url: rejected.url, ...noWait })({})).toEqual({
      delivered: false,
      attempts: 1,
      status: 404,
      error: 'HTTP 404',
    });
    const down = await receiver([500, 500, 500]);
    expect(await createWebhookSender({ url: down.url, retries: 2, ...noWait })({})).toMatchObject({
      delivered: false,
      attempts: 3,
      status: 500,
    });
    const gone = await receiver();
    for (const server of servers.splice(0)) server.close();
    const closed = createWebhookSender({ url: gone.url, retries: 1, ...noWait });
    expect(await closed({})).toMatchObject({ delivered: false, attempts: 2, error: 'ECONNREFUSED' });
  });

  it('redacts secrets from the payload before it leaves', async () => {
    const hook = await receiver();
    await createWebhookSender({ url: hook.url, ...noWait })({
      error: 'provider said: invalid x-api-key sk-ant-api03-ABCDEFGHIJKLMNOP',
    });
    expect(hook.requests[0]?.body).not.toContain('ABCDEFGHIJKLMNOP');
  });
});

describe('run alerts', () => {
  it('POSTs the execution, workflow, failed step and error when a run fails after its retries', async () => {
    const hook = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'ax-alerts-'));
    const file = join(dir, 'flaky.yaml');
    writeFileSync(
      file,
      `name: nightly-report
steps:
  - key: fetch
    run: echo fetched
  - key: publish
    dependsOn: [fetch]
    retry: { attempts: 2, backoff: { initial: 5ms } }
    run: echo "upload refused" >&2; exit 3
`,
    );
    const store = createSqliteWorkflowStore(join(dir, 'ax.db'));
    try {
      const engine = createEngine({ store, pollIntervalMs: 10 });
      const delivered: RunAlertPayload[] = [];
      const alerts = attachRunAlerts(engine, {
        events: ['workflow_failed'],
        send: createWebhookSender({ url: hook.url, ...noWait }),
        now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
        onDelivery: (payload, result) => {
          if (result.delivered) delivered.push(payload);
        },
      });
      const loaded = await loadWorkflowFile(file, { stepKinds: engine.stepKinds });
      const result = await engine.run(loaded);
      await alerts.settled();
      expect(result.state).toBe('failed');
      expect(hook.requests).toHaveLength(1);
      expect(hook.requests[0]).toMatchObject({ method: 'POST', contentType: 'application/json' });
      const payload = JSON.parse(hook.requests[0]?.body ?? '{}') as RunAlertPayload;
      expect(payload).toMatchObject({
        event: 'workflow_failed',
        executionId: result.executionId,
        workflow: 'nightly-report',
        state: 'failed',
        failedStep: 'publish',
        at: '2026-01-02T03:04:05.000Z',
        resumeCommand: `ax workflow resume ${result.executionId}`,
      });
      expect(payload.error).toEqual(expect.any(String));
      expect(delivered).toHaveLength(1);

      // A run that succeeds sends nothing: only the events the config names are alerted on.
      writeFileSync(file, 'name: fine\nsteps:\n  - key: a\n    run: "true"\n');
      await engine.run(await loadWorkflowFile(file, { stepKinds: engine.stepKinds }));
      await alerts.settled();
      expect(hook.requests).toHaveLength(1);
      alerts.detach();
    } finally {
      store.close();
    }
  });

  it('alerts once for a failed sub-workflow when told to skip child runs', async () => {
    const hook = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'ax-alerts-'));
    writeFileSync(join(dir, 'child.yaml'), 'name: child\nsteps:\n  - key: broken\n    run: exit 5\n');
    writeFileSync(
      join(dir, 'parent.yaml'),
      'name: parent\nsteps:\n  - key: sub\n    workflow: ./child.yaml\n',
    );
    const store = createSqliteWorkflowStore(join(dir, 'ax.db'));
    try {
      const engine = createEngine({ store, pollIntervalMs: 10 });
      const alerts = attachRunAlerts(engine, {
        events: ['workflow_failed'],
        send: createWebhookSender({ url: hook.url, ...noWait }),
        includeRun: async (id) => !(await store.getExecution(id))?.parentExecutionId,
      });
      const result = await engine.run(
        await loadWorkflowFile(join(dir, 'parent.yaml'), { stepKinds: engine.stepKinds }),
      );
      await alerts.settled();
      expect(result.state).toBe('failed');
      expect(hook.requests.map((request) => JSON.parse(request.body))).toEqual([
        expect.objectContaining({ executionId: result.executionId, workflow: 'parent', failedStep: 'sub' }),
      ]);
    } finally {
      store.close();
    }
  });
});
