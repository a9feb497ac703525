import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCommand } from '../../src/cli/server-command.js';
import type { RunningServer } from '../../src/server/index.js';

describe('ax server (command)', () => {
  it('prints the URL and where the token is, serves until stopped, then closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-server-cli-'));
    const stop = new AbortController();
    let output = '';
    let ready: RunningServer | undefined;
    const command = serverCommand({
      stopSignal: stop.signal,
      write: (text) => {
        output += text;
      },
      onReady: (server) => {
        ready = server;
        void (async () => {
          const health = await fetch(`${server.url}/healthz`);
          output += `health ${health.status}\n`;
          stop.abort();
        })();
      },
    });
    const previous = process.env.AX_API_TOKEN;
    delete process.env.AX_API_TOKEN;
    try {
      await command.parseAsync(
        ['--port', '0', '--db', join(dir, 'ax.db'), '--token-file', join(dir, 'token'), '--no-auto-resume'],
        { from: 'user' },
      );
    } finally {
      if (previous !== undefined) process.env.AX_API_TOKEN = previous;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(output).toContain(`ax server listening on ${ready!.url}`);
    expect(output).toContain(`token      in ${join(dir, 'token')} (mode 0600)`);
    expect(output).toContain('health 200');
  });
});
