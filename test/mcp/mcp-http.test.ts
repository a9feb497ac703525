import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';

/**
 * MCP over Streamable HTTP at `/mcp` of a real `ax server` (the built CLI, port 0), behind its bearer
 * token, driven by the SDK's Client.
 */
const fixtures = fileURLToPath(new URL('../fixtures/mcp/', import.meta.url));
const token = 'mcp-http-test-token-4d2f9a';
let server: ChildProcess;
let url: URL;
let client: Client;

beforeAll(async () => {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-http-')));
  mkdirSync(join(project, 'workflows'));
  for (const name of ['review.yaml', 'broken.yaml'])
    cpSync(join(fixtures, name), join(project, 'workflows', name));
  server = startCli(['server', '--port', '0', '--json', '--no-auto-resume'], {
    cwd: project,
    env: {
      AX_API_TOKEN: token,
      ANTHROPIC_API_KEY: '',
      OPENAI_API_KEY: '',
      GOOGLE_API_KEY: '',
      GEMINI_API_KEY: '',
    },
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    server.on('exit', (code) => reject(new Error(`ax server exited with ${code}: ${err}`)));
  });
  url = new URL('/mcp', JSON.parse(line).url);
  client = new Client({ name: 'vitest-http', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
});

afterAll(async () => {
  await client?.close();
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

async function call(name: string, args: Record<string, unknown>, options = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
}

describe('MCP over Streamable HTTP at /mcp of ax server', () => {
  it('answers 401 without the token, and the SDK client cannot connect', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const stranger = new Client({ name: 'stranger', version: '1.0.0' });
    await expect(
      stranger.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { Authorization: 'Bearer wrong' } },
        }),
      ),
    ).rejects.toThrow();
  });

  it('lists tools and routes a task', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['route_task', 'run_workflow']));
    const routed = await call('route_task', { task: 'Add an index to the orders table' });
    expect(routed.structuredContent).toMatchObject({ agent: 'database' });
  });

  it('runs a workflow on the simulator to completion with progress, and reads its resource', async () => {
    const progress: string[] = [];
    const result = await call(
      'run_workflow',
      { workflow: 'workflows/review.yaml' },
      { onprogress: (update: { message?: string }) => progress.push(update.message ?? '') },
    );
    const run = result.structuredContent as { executionId: string; state: string; uri: string };
    expect(run.state).toBe('completed');
    expect(progress).toContain('step assess succeeded');
    const resource = await client.readResource({ uri: run.uri });
    expect(JSON.parse(String(resource.contents[0]?.text))).toMatchObject({ state: 'completed' });
  });

  it('a bad argument is a tool error with the field path; the next call works; shell steps are refused', async () => {
    const bad = await call('run_workflow', { workflow: 7 });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toMatch(/expected string, received number at workflow/);
    const shell = await call('run_workflow', { workflow: 'getting-started' });
    expect(JSON.stringify(shell.content)).toContain('this MCP server is read-only');
    const next = await call('list_workflows', {});
    expect(next.isError).toBeFalsy();
  });
});
