import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/cli.js';

/**
 * A long `run_agent` call honours the client's cancellation: the simulator is told never to answer, the
 * client cancels, and the agent run is recorded as cancelled (not left running until a timeout).
 */
let project: string;
let client: Client;

beforeAll(async () => {
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-cancel-')));
  writeFileSync(
    join(project, 'automatosx.config.json'),
    JSON.stringify({
      providers: { silent: { type: 'simulator', protocol: 'anthropic', faults: [{ fault: 'no-response' }] } },
    }),
  );
  client = new Client({ name: 'vitest-cancel', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'mcp', '--simulator'],
      cwd: project,
      stderr: 'ignore',
    }),
  );
});

afterAll(async () => {
  await client?.close();
});

describe('cancelling an MCP call', () => {
  it('cancels the agent run it started', async () => {
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'run_agent', arguments: { agent: 'writer', task: 'Draft a note' } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    const runs = async () =>
      JSON.parse((await runCli(['runs', 'list', '--json'], { cwd: project })).stdout) as { status: string }[];
    for (let attempt = 0; attempt < 200 && (await runs()).length === 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await runs())[0]?.status).toBe('running');
    controller.abort('the user pressed Esc');
    await expect(call).rejects.toThrow();
    let status = 'running';
    for (let attempt = 0; attempt < 200 && status === 'running'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await runs())[0]?.status ?? 'missing';
    }
    expect(status).toBe('cancelled');
  });
});
