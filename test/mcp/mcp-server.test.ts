import { cpSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

/**
 * `ax mcp` as a coding assistant sees it: the SDK's Client spawns the built CLI over stdio, in a project
 * with workflows of agent steps, and the simulator answers the models.
 */
const fixtures = fileURLToPath(new URL('../fixtures/mcp/', import.meta.url));
let project: string;
let client: Client;
let stderr = '';

beforeAll(async () => {
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-server-')));
  mkdirSync(join(project, 'workflows'));
  for (const name of ['review.yaml', 'gate.yaml', 'broken.yaml'])
    cpSync(join(fixtures, name), join(project, 'workflows', name));
  mkdirSync(join(project, 'src'));
  cpSync(join(fixtures, 'orders-server.mjs'), join(project, 'src', 'orders-server.mjs'));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'mcp', '--simulator'],
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOME: project },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'vitest', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
});

async function call(name: string, args: Record<string, unknown>, options = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
}

function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
}

async function statusUntil(executionId: string, done: (state: string) => boolean) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const status = (await call('workflow_status', { executionId })).structuredContent as { state: string };
    if (done(status.state)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${executionId} did not get there; server stderr:\n${stderr}`);
}

describe('ax mcp over stdio', () => {
  it('lists its tools, each with input and output schemas and read-only hints', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'add_memory',
        'approve_step',
        'cancel_run',
        'find_symbol',
        'list_agents',
        'list_workflows',
        'resume_run',
        'route_task',
        'run_agent',
        'run_workflow',
        'search_code',
        'search_memory',
        'validate_workflow',
        'workflow_status',
      ].sort(),
    );
    for (const tool of tools) expect(tool.outputSchema, tool.name).toBeDefined();
    const readOnly = tools.filter((tool) => tool.annotations?.readOnlyHint).map((tool) => tool.name);
    expect(readOnly).toContain('route_task');
    expect(readOnly).not.toContain('run_workflow');
  });

  it('routes a task: agent, confidence and reasons', async () => {
    const result = await call('route_task', { task: 'Add an index to the orders table' });
    expect(result.isError).toBeFalsy();
    const routed = result.structuredContent as {
      agent: string;
      confidence: number;
      reasons: { term: string }[];
    };
    expect(routed.agent).toBe('database');
    expect(routed.confidence).toBeGreaterThan(0);
    expect(routed.reasons.map((reason) => reason.term)).toContain('index');
  });

  it('a bad argument is a tool error with the field path, and the next call still works', async () => {
    const bad = await call('route_task', { task: 42 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/expected string, received number at task/);
    const unknown = await call('run_workflow', { workflow: 'workflows/broken.yaml' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/broken\.yaml:7:\d+: .*frist/);
    const next = await call('list_agents', {});
    expect((next.structuredContent as { agents: unknown[] }).agents.length).toBeGreaterThanOrEqual(21);
  });

  it('validates a workflow with file:line:col, and keeps callers inside the project', async () => {
    const result = await call('validate_workflow', { file: 'workflows/broken.yaml' });
    const report = result.structuredContent as {
      valid: boolean;
      issues: { line: number; message: string }[];
    };
    expect(report.valid).toBe(false);
    expect(report.issues[0]).toMatchObject({ line: 7 });
    const outside = await call('validate_workflow', { file: '/etc/passwd' });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toContain('outside the workspace');
  });

  it('runs a workflow on the simulator to completion, with progress, and serves its report as a resource', async () => {
    const progress: string[] = [];
    const result = await call(
      'run_workflow',
      { workflow: 'workflows/review.yaml' },
      { onprogress: (update: { message?: string }) => progress.push(update.message ?? '') },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    const run = result.structuredContent as { executionId: string; state: string; uri: string };
    const seen = `progress: ${JSON.stringify(progress)}; result: ${textOf(result)}; server stderr: ${stderr}`;
    expect(run.state, seen).toBe('completed');
    expect(progress[0], seen).toBe(`execution ${run.executionId} started`);
    // Not the last step's: the SDK client drops a progress notification that arrives in the same read as
    // the response (modelcontextprotocol/typescript-sdk#2580), which the server cannot prevent.
    expect(progress, seen).toEqual(expect.arrayContaining(['run executing', 'step assess succeeded']));

    const resource = await client.readResource({ uri: run.uri });
    const report = JSON.parse(String(resource.contents[0]?.text));
    expect(report, JSON.stringify(report)).toMatchObject({
      executionId: run.executionId,
      workflow: 'review-notes',
      state: 'completed',
    });
    expect(report.steps.map((step: { key: string; status: string }) => [step.key, step.status])).toEqual([
      ['assess', 'succeeded'],
      ['document', 'succeeded'],
    ]);
    expect(report.steps[1].output).toMatch(/^\[simulated\]/);
    expect(report.usage.simulated).toBe(true);
    const { resources } = await client.listResources();
    expect(resources.map((listed) => listed.uri)).toEqual(
      expect.arrayContaining([run.uri, 'automatosx://workflows/review', 'automatosx://agents/database']),
    );
  });

  it('returns the execution id at once without wait; an approval step is approved over MCP', async () => {
    const started = await call('run_workflow', { workflow: 'workflows/gate.yaml', wait: false });
    const { executionId, state } = started.structuredContent as { executionId: string; state: string };
    expect(state).toBe('executing');
    await statusUntil(executionId, () => true);
    for (let attempt = 0; attempt < 400; attempt++) {
      const approved = await call('approve_step', { executionId, step: 'sign-off' });
      if (!approved.isError) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = await statusUntil(executionId, (current) => current !== 'executing');
    expect(done.state).toBe('completed');
  });

  it('cancelling a waiting run_workflow call cancels the run', async () => {
    const controller = new AbortController();
    let executionId = '';
    const waiting = call(
      'run_workflow',
      { workflow: 'workflows/gate.yaml', wait: true },
      {
        signal: controller.signal,
        onprogress: (update: { message?: string }) => {
          executionId ||= /execution (\S+) started/.exec(update.message ?? '')?.[1] ?? '';
          if (update.message?.includes('waits for approval')) controller.abort('enough');
        },
      },
    );
    await expect(waiting).rejects.toThrow();
    const done = await statusUntil(executionId, (current) => current !== 'executing');
    expect(done.state).toBe('cancelled');
  });

  it('runs an agent: answer, tokens, cost, provider, labelled simulated', async () => {
    const result = await call('run_agent', { agent: 'writer', task: 'Draft a one-line release note' });
    const answer = result.structuredContent as {
      answer: string;
      simulated: boolean;
      tokens: { input: number };
    };
    expect(answer.simulated).toBe(true);
    expect(answer.tokens.input).toBeGreaterThan(0);
    expect(textOf(result)).toMatch(/^\[SIMULATED answer, not a real model\]/);
  });

  it('is read-only for MCP callers unless started wider: shell steps and agent writes are refused', async () => {
    const shell = await call('run_workflow', { workflow: 'getting-started' });
    expect(shell.isError).toBe(true);
    expect(textOf(shell)).toContain('this MCP server is read-only');
    const write = await call('run_agent', {
      agent: 'writer',
      task: 'Write it down [[tool:file {"action":"write","path":"note.md","content":"x"}]]',
    });
    const calls = (write.structuredContent as { toolCalls: { tool: string; error?: string }[] }).toolCalls;
    expect(calls[0]?.error).toMatch(/not allowed in read-only mode/);
  });

  it('adds and searches memory, and searches the code index', async () => {
    await call('add_memory', { content: 'The orders table is partitioned by month', tags: ['orders'] });
    const found = await call('search_memory', { query: 'partitioned orders' });
    expect((found.structuredContent as { memories: { content: string }[] }).memories[0]?.content).toContain(
      'partitioned by month',
    );
    const hits = await call('search_code', { query: 'lookup_order' });
    expect((hits.structuredContent as { hits: { location: string }[] }).hits[0]?.location).toMatch(
      /^src\/orders-server\.mjs:\d+$/,
    );
    const symbols = await call('find_symbol', { name: 'note' });
    expect(symbols.isError, textOf(symbols)).toBeFalsy();
  });
});
