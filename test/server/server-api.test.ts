import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { eventually, serverClient } from './server-client.js';

const shellWorkflow = `name: two-steps
steps:
  - key: first
    run: echo one
  - key: second
    dependsOn: first
    run: echo two
`;

describe('ax server API', () => {
  let dir: string;
  let server: RunningServer;
  let api: ReturnType<typeof serverClient>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ax-server-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'workflows', 'two-steps.yaml'), shellWorkflow);
    writeFileSync(
      join(dir, 'workflows', 'gate.yaml'),
      `name: gate\nsteps:\n  - key: build\n    run: echo built\n  - key: approve\n    dependsOn: build\n    approval: Ship it?\n  - key: ship\n    dependsOn: approve\n    run: echo shipped\n`,
    );
    writeFileSync(
      join(dir, 'workflows', 'flaky.yaml'),
      `name: flaky\nsteps:\n  - key: prepare\n    run: echo ready\n  - key: fragile\n    dependsOn: prepare\n    run: test -f ${join(dir, 'fixed')}\n  - key: after\n    dependsOn: fragile\n    run: echo after\n`,
    );
    server = await startServer({
      port: 0,
      projectDirectory: dir,
      databasePath: join(dir, 'ax.db'),
      tokenFile: join(dir, '.automatosx', 'api-token'),
      providers: { simulator: 'always' },
      enginePollIntervalMs: 20,
      pollIntervalMs: 50,
      env: {},
    });
    api = serverClient(server);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates a token only its owner can read and requires it everywhere but /healthz', async () => {
    expect(server.token.source).toBe(join(dir, '.automatosx', 'api-token'));
    expect(statSync(server.token.source).mode & 0o777).toBe(0o600);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const anonymous = await fetch(`${server.url}/api/v1/executions`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await api.call('GET', '/api/v1/executions')).status).toBe(200);
  });

  it('runs a workflow by name and streams its events, replaying from Last-Event-ID', async () => {
    const submitted = await api.call('POST', '/api/v1/executions', { workflow: 'two-steps' });
    expect(submitted.status).toBe(202);
    const id = submitted.json.executionId as string;
    const path = `/api/v1/executions/${id}/events`;
    const all = await api.events(path, (events) => events.some((e) => e.data.includes('workflow_completed')));
    const types = all.map((event) => JSON.parse(event.data).type);
    expect(types[0]).toBe('workflow_started');
    expect(types).toContain('step_completed');
    expect(all.map((event) => Number(event.id))).toEqual(all.map((_, index) => index + 1));
    const replay = await api.events(
      path,
      (events) => events.some((e) => e.data.includes('workflow_completed')),
      {
        lastEventId: '2',
      },
    );
    expect(replay.map((event) => Number(event.id))).toEqual(all.slice(2).map((event) => Number(event.id)));
    const detail = await api.call('GET', `/api/v1/executions/${id}`);
    expect(detail.json.execution.state).toBe('completed');
    expect(detail.json.steps.map((step: { key: string; output: string }) => [step.key, step.output])).toEqual(
      [
        ['first', 'one'],
        ['second', 'two'],
      ],
    );
    const step = await api.call('GET', `/api/v1/executions/${id}/steps/second`);
    expect(step.json.step.status).toBe('succeeded');
    const graph = await api.call('GET', `/api/v1/executions/${id}/graph`);
    const [first, second] = graph.json.nodes as { x: number }[];
    expect(second!.x).toBeGreaterThan(first!.x);
    expect(graph.json.edges).toEqual([expect.objectContaining({ from: 'first', to: 'second' })]);
  });

  it('answers inline YAML with file:line:col problems and bad fields with their path', async () => {
    const bad = await api.call('POST', '/api/v1/executions', {
      source: 'name: broken\nsteps:\n  - key: a\n    run: echo\n    dependsOn: [nope]\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('workflow-invalid');
    expect(bad.json.error.issues[0]).toMatchObject({ file: 'inline.yaml', line: 5 });
    expect(bad.json.error.message).toContain('inline.yaml:5:');
    expect(bad.text).not.toContain('    at ');
    const field = await api.call('POST', '/api/v1/executions', { workflow: 'two-steps', concurrency: 0 });
    expect(field.status).toBe(400);
    expect(field.json.error.issues[0].path).toEqual(['body', 'concurrency']);
    const both = await api.call('POST', '/api/v1/executions', { inputs: {} });
    expect(both.status).toBe(400);
    const json = await api.call('POST', '/api/v1/executions', '{"workflow":');
    expect(json.json.error.code).toBe('invalid-json');
    const unknown = await api.call('POST', '/api/v1/executions', { workflow: 'nothing-here' });
    expect(unknown.status).toBe(404);
    expect((await api.call('GET', '/api/v1/executions/ex-none')).json.error.code).toBe('execution-unknown');
    expect((await api.call('GET', '/api/v1/executions?limit=0')).json.error.issues[0].path).toEqual([
      'query',
      'limit',
    ]);
  });

  it('approves a waiting step, then refuses to pause the finished run with 409', async () => {
    const { json } = await api.call('POST', '/api/v1/executions', { workflow: 'gate' });
    const id = json.executionId as string;
    await eventually(async () => {
      const detail = await api.call('GET', `/api/v1/executions/${id}`);
      return detail.json.pendingApprovals.length > 0 ? true : undefined;
    });
    const approved = await api.call('POST', `/api/v1/executions/${id}/approvals/approve`, {
      decision: 'approve',
      by: 'alice',
    });
    expect(approved.status).toBe(200);
    const done = await eventually(async () => {
      const detail = await api.call('GET', `/api/v1/executions/${id}`);
      return detail.json.execution.state === 'completed' ? detail.json : undefined;
    });
    expect(done.steps.find((step: { key: string }) => step.key === 'ship').status).toBe('succeeded');
    const pause = await api.call('POST', `/api/v1/executions/${id}/pause`);
    expect(pause.status).toBe(409);
    expect(pause.json.error.code).toBe('execution-not-resumable');
  });

  it('resumes a failed run from its failed step', async () => {
    const { json } = await api.call('POST', '/api/v1/executions', { workflow: 'flaky' });
    const id = json.executionId as string;
    await eventually(async () =>
      (await api.call('GET', `/api/v1/executions/${id}`)).json.execution.state === 'failed'
        ? true
        : undefined,
    );
    const failed = await api.call('GET', '/api/v1/executions?state=failed');
    expect(failed.json.executions.map((execution: { id: string }) => execution.id)).toContain(id);
    writeFileSync(join(dir, 'fixed'), '');
    const resumed = await api.call('POST', `/api/v1/executions/${id}/resume`, {});
    expect(resumed.status).toBe(202);
    const done = await eventually(async () => {
      const detail = await api.call('GET', `/api/v1/executions/${id}`);
      return detail.json.execution.state === 'completed' ? detail.json : undefined;
    });
    const prepare = done.steps.find((step: { key: string }) => step.key === 'prepare');
    expect(prepare.attempt).toBe(1);
    expect(done.execution.resumeCount).toBe(1);
  });

  it('pages through executions with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/api/v1/executions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.json.executions.map((execution: { id: string }) => execution.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    const everything = await api.call('GET', '/api/v1/executions?limit=500');
    expect(seen).toEqual(everything.json.executions.map((execution: { id: string }) => execution.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const byName = await api.call('GET', '/api/v1/executions?workflow=gate');
    expect(
      byName.json.executions.every(
        (execution: { workflowName: string }) => execution.workflowName === 'gate',
      ),
    ).toBe(true);
  });

  it('serves an OpenAPI document generated from the schemas, agents, providers and metrics', async () => {
    const openapi = await api.call('GET', '/openapi.json');
    expect(openapi.json.paths['/api/v1/executions/{id}/events'].get.responses['200'].content).toHaveProperty(
      'text/event-stream',
    );
    expect(openapi.json.components.schemas.SubmitRun.properties).toHaveProperty('source');
    const route = await api.call('POST', '/api/v1/agents/route', { task: 'fix the SQL injection in login' });
    expect(route.json.best).toBe('security');
    expect(route.json.matches[0].reasons.length).toBeGreaterThan(0);
    expect((await api.call('GET', '/api/v1/agents/security')).json.agent.name).toBe('security');
    const providers = await api.call('GET', '/api/v1/providers');
    expect(providers.json.providers[0]).toMatchObject({ simulated: true, circuit: 'closed' });
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.text).toMatch(/ax_runs\{state="completed"\} \d+/);
    expect(metrics.text).toContain('ax_step_duration_seconds_bucket');
  });

  it('searches agent memory and the code index', async () => {
    server.services.memory.add({ content: 'Deploys need the VPN to be up', tags: ['ops'] });
    const memory = await api.call('GET', '/api/v1/memory/search?q=vpn');
    expect(memory.json.hits[0].content).toContain('VPN');
    writeFileSync(
      join(dir, 'retry.ts'),
      'export function retryWithBackoff(attempts: number) {\n  return attempts * 2;\n}\n',
    );
    await server.services.codeIndex.index();
    const code = await api.call('GET', '/api/v1/code/search?q=retryWithBackoff');
    expect(code.json.hits.map((hit: { path: string }) => hit.path)).toContain('retry.ts');
    expect((await api.call('GET', '/api/v1/code/search')).json.error.issues[0].path).toEqual(['query', 'q']);
  });

  it('refuses to bind a non-loopback address with a generated token', async () => {
    await expect(
      startServer({ host: '0.0.0.0', port: 0, projectDirectory: dir, tokenFile: join(dir, 't'), env: {} }),
    ).rejects.toMatchObject({ code: 'bind-needs-token' });
  });
});
