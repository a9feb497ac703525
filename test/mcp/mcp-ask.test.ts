import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';

/**
 * `ax mcp --permissions ask`: a shell step needs the assistant's user to say yes, asked through MCP
 * elicitation; a client that cannot ask gets a refusal that says how to allow it.
 */
let project: string;
const clients: Client[] = [];
const answers: boolean[] = [];
const asked: string[] = [];

async function connect(elicitation: boolean): Promise<Client> {
  const client = new Client(
    { name: elicitation ? 'asking-client' : 'plain-client', version: '1.0.0' },
    { capabilities: elicitation ? { elicitation: {} } : {} },
  );
  if (elicitation) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { allow: answers.shift() ?? false } };
    });
  }
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cliPath, 'mcp', '--simulator', '--permissions', 'ask'],
      cwd: project,
      stderr: 'ignore',
    }),
  );
  clients.push(client);
  return client;
}

beforeAll(() => {
  project = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-ask-')));
  mkdirSync(join(project, 'workflows'));
  writeFileSync(
    join(project, 'workflows', 'touch.yaml'),
    'name: touch\nsteps:\n  - key: make-file\n    run: echo made > made.txt\n',
  );
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

describe('ax mcp --permissions ask', () => {
  it('asks the user before shell steps run: no refuses, yes runs them', async () => {
    const client = await connect(true);
    const call = async () =>
      (await client.callTool({
        name: 'run_workflow',
        arguments: { workflow: 'workflows/touch.yaml', wait: true },
      })) as CallToolResult;
    answers.push(false);
    const declined = await call();
    expect(declined.isError).toBe(true);
    expect(JSON.stringify(declined.content)).toContain('declined by the person asked');
    expect(existsSync(join(project, 'made.txt'))).toBe(false);
    expect(asked[0]).toContain("workflow 'touch' runs shell commands");
    expect(asked[0]).toContain('make-file');

    answers.push(true);
    const allowed = await call();
    expect(allowed.structuredContent).toMatchObject({ state: 'completed' });
    expect(existsSync(join(project, 'made.txt'))).toBe(true);
  });

  it('a client without elicitation is refused with how to allow it', async () => {
    const client = await connect(false);
    const result = (await client.callTool({
      name: 'run_workflow',
      arguments: { workflow: 'workflows/touch.yaml' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('cannot ask its user');
  });
});
