import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * MCP servers as agent tools, end to end: a project whose automatosx.config.json names a fixture MCP
 * server written with the SDK, and an agent whose profile lists it. `ax run` drives the agent with a
 * scripted simulator tool call (`[[tool:mcp__orders__…]]`), so the simulated model calls the MCP tool
 * through the real tool loop and answers from its result.
 */
const fixture = fileURLToPath(new URL('../fixtures/mcp/orders-server.mjs', import.meta.url));
const token = 'orders-token-7f3a9c1e5b';
let project: string;
let starts: string;
let deleted: string;

const profile = (name: string, mcp: string[]) => `name: ${name}
displayName: Order Clerk
role: Looks orders up and answers questions about them
team: specialised
description: Answers questions about customer orders using the order system.
systemPrompt: |
  You are an order clerk. You look orders up in the order system with the tools you are given and answer
  questions about their contents and delivery. You never guess an order's state: you look it up first,
  and you say plainly when an order cannot be found or a tool refuses what you asked of it.
specializations: [orders]
capabilities:
  - name: Order lookup
    confidence: 0.9
    keywords: [order]
mcp: ${JSON.stringify(mcp)}
`;

beforeAll(() => {
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-client-')));
  starts = join(project, 'starts.log');
  deleted = join(project, 'deleted.log');
  writeFileSync(
    join(project, 'automatosx.config.json'),
    JSON.stringify({
      mcpServers: {
        orders: {
          command: process.execPath,
          args: [fixture],
          env: { ORDERS_STARTS: starts, ORDERS_DELETED: deleted, ORDERS_TOKEN: '${TEST_ORDERS_TOKEN}' },
        },
        broken: {
          command: process.execPath,
          args: ['-e', 'process.stderr.write("no licence key\\n"); process.exit(3)'],
        },
      },
    }),
  );
  mkdirSync(join(project, '.automatosx', 'agents'), { recursive: true });
  writeFileSync(join(project, '.automatosx', 'agents', 'clerk.yaml'), profile('clerk', ['orders']));
  writeFileSync(
    join(project, '.automatosx', 'agents', 'reader.yaml'),
    profile('reader', ['orders/lookup_order']),
  );
});

async function run(agent: string, task: string, permissions: string) {
  const result = await runCli(
    [
      'run',
      agent,
      task,
      '--simulator',
      '--permissions',
      permissions,
      '--no-memory',
      '--no-code-intelligence',
      '--json',
    ],
    { cwd: project, env: { TEST_ORDERS_TOKEN: token } },
  );
  expect(result.stderr).not.toContain(token);
  expect(result.stdout).not.toContain(token);
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('MCP servers as agent tools', () => {
  it('an agent calls a read-only MCP tool in read-only mode and its answer uses the result', async () => {
    const { code, json } = await run(
      'clerk',
      'Where is order A-17? [[tool:mcp__orders__lookup_order {"id":"A-17"}]] And again: [[tool:mcp__orders__lookup_order {"id":"B-2"}]]',
      'read-only',
    );
    expect(code).toBe(0);
    expect(
      json.toolCalls.map((call: { toolName: string; error?: string }) => [call.toolName, call.error]),
    ).toEqual([
      ['mcp__orders__lookup_order', undefined],
      ['mcp__orders__lookup_order', undefined],
    ]);
    expect(json.toolCalls[0].output).toBe('order A-17: 3 widgets, shipped on 2026-11-30');
    expect(json.text).toContain(
      'mcp__orders__lookup_order returned: "order B-2: 3 widgets, shipped on 2026-11-30"',
    );
    expect(json.simulated).toBe(true);
    // Started once for the run, reused by both calls, and stopped when the run ended.
    const pids = readFileSync(starts, 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('a read-only agent is refused a tool the server does not mark read-only; auto allows it', async () => {
    const task = 'Delete order A-17. [[tool:mcp__orders__delete_order {"id":"A-17"}]]';
    const refused = await run('clerk', task, 'read-only');
    expect(refused.code).toBe(0);
    expect(refused.json.toolCalls[0].error).toMatch(/not allowed in read-only mode/);
    expect(existsSync(deleted)).toBe(false);

    const allowed = await run('clerk', task, 'auto');
    expect(allowed.json.toolCalls[0]).toMatchObject({ output: 'order A-17 deleted' });
    expect(readFileSync(deleted, 'utf8')).toBe('A-17\n');
  });

  it('redacts configured secrets from tool results and caps their size', async () => {
    const { json } = await run(
      'clerk',
      'Who are you and what is there? [[tool:mcp__orders__whoami]] [[tool:mcp__orders__export_orders]]',
      'read-only',
    );
    expect(json.toolCalls[0].output).toBe('signed in with token [REDACTED]');
    const exported = json.toolCalls[1].output as string;
    expect(exported.length).toBeLessThan(70 * 1024);
    expect(exported).toMatch(/\[truncated: \d+ of 550000 bytes left out\]$/);
  });

  it('a profile that names one tool gets only that tool', async () => {
    const { json } = await run(
      'reader',
      'Delete A-17 [[tool:mcp__orders__delete_order {"id":"A-17"}]]',
      'auto',
    );
    expect(json.toolCalls).toEqual([]);
    expect(json.text).toContain('offers only: mcp__orders__lookup_order');
  });

  it('ax mcp list shows each server, whether it starts, and its tools', async () => {
    const text = await runCli(['mcp', 'list'], { cwd: project, env: { TEST_ORDERS_TOKEN: token } });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^orders {2}\(stdio: .*orders-server\.mjs\) {2}starts, 4 tools$/m);
    expect(text.stdout).toMatch(/lookup_order +read-only +Looks an order up by id/);
    expect(text.stdout).toMatch(/delete_order +writes/);
    expect(text.stdout).toMatch(/broken .* FAILS/);
    expect(text.stdout).toContain('no licence key');

    const json = await runCli(['mcp', 'list', '--json'], { cwd: project, env: { TEST_ORDERS_TOKEN: token } });
    const servers = JSON.parse(json.stdout).servers as Array<{
      name: string;
      starts: boolean;
      tools: unknown[];
    }>;
    expect(servers.map((server) => [server.name, server.starts, server.tools.length])).toEqual([
      ['orders', true, 4],
      ['broken', false, 0],
    ]);
  });

  it('an unset ${VAR} in the config is an error naming the field', async () => {
    const result = await runCli(
      ['run', 'clerk', 'x', '--simulator', '--permissions', 'read-only', '--json'],
      {
        cwd: project,
        env: { TEST_ORDERS_TOKEN: '' },
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mcpServers.orders.env.ORDERS_TOKEN: ${TEST_ORDERS_TOKEN} is not set');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
