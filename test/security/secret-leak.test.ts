import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';

/**
 * Finding 3 of issue 11: a provider answering 401 with the key echoed back. Key values with no known
 * shape, so only the exact-value rule of the secret policy can catch them.
 */
const envKey = `envkey-${randomBytes(12).toString('hex')}`;
const fileKey = `filekey-${randomBytes(12).toString('hex')}`;
const prompts: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url?.startsWith('/good/')) {
        prompts.push(body);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 1,
            model: 'm',
            choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
        return;
      }
      const echoed = request.headers.authorization ?? '';
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${echoed}. You can find your key at https://example.com.`,
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function project(): string {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'ax-leak-')));
  const compatible = (path: string, priority: number, key?: Record<string, string>) => ({
    type: 'openai-compatible',
    baseURL: `${baseUrl}/${path}/v1`,
    defaultModel: 'm',
    priority,
    maxRetries: 0,
    ...key,
  });
  writeFileSync(
    join(folder, 'automatosx.config.json'),
    JSON.stringify({
      providers: {
        'leaky-env': compatible('leaky-env', 1, { apiKeyEnv: 'ACME_API_KEY' }),
        'leaky-file': compatible('leaky-file', 2, { apiKey: fileKey }),
        good: compatible('good', 3),
      },
    }),
  );
  writeFileSync(
    join(folder, 'leak.yaml'),
    [
      'name: leak',
      'version: "1"',
      'steps:',
      '  - key: ask',
      '    prompt: say hello',
      '    provider: leaky-env',
      '    continueOnError: true',
      '  - key: ask-file',
      '    prompt: say hello',
      '    provider: leaky-file',
      '    continueOnError: true',
      '',
    ].join('\n'),
  );
  return folder;
}

function everyTable(databasePath: string): string {
  const db = new DatabaseSync(databasePath);
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => String(row.name));
    expect(tables).toEqual(expect.arrayContaining(['agent_runs', 'memory_entries']));
    return tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('a key echoed by a provider never leaves (issue 11, finding 3)', () => {
  it('is in no output, log line, table or later prompt', async () => {
    const cwd = project();
    const logFile = join(cwd, 'ax.log');
    const env = { ACME_API_KEY: envKey, LOG_FILE: logFile, LOG_LEVEL: 'debug' };
    const outputs: CliResult[] = [];
    for (const args of [
      ['run', 'writer', 'Draft a note', '--provider', 'leaky-env', '--no-code-intelligence'],
      ['run', 'writer', 'Draft a note', '--provider', 'leaky-env', '--json', '--no-code-intelligence'],
      ['run', 'writer', 'Draft a note', '--provider', 'leaky-file', '--json', '--no-code-intelligence'],
      ['workflow', 'run', 'leak.yaml', '--json'],
      ['run', 'writer', 'Draft a note again', '--provider', 'good', '--no-code-intelligence'],
    ]) {
      outputs.push(await runCli([...args, '--db', join(cwd, 'ax.db')], { cwd, env }));
    }
    const failed = outputs[0]!;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Incorrect API key provided: Bearer \[REDACTED\]/);
    expect(prompts.length).toBeGreaterThan(0);
    const everything = [
      ...outputs.flatMap((output) => [output.stdout, output.stderr]),
      readFileSync(logFile, 'utf8'),
      everyTable(join(cwd, 'ax.db')),
      ...prompts,
    ].join('\n');
    expect(everything).toContain('[REDACTED]');
    expect(everything).not.toContain(envKey);
    expect(everything).not.toContain(fileKey);
  });
});
