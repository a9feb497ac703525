import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { terminalLogDestination } from '../../src/cli/terminal-log.js';
import { createProgressView } from '../../src/cli/workflow-progress.js';
import { runCli } from '../helpers/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'ax-log-format-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(join(folder, 'hello.yaml'), 'name: hello\nsteps:\n  - key: greet\n    run: echo hello\n');
const env = { LOG_LEVEL: 'info', DATABASE_PATH: join(folder, 'ax.db'), LOG_FORMAT: '' };

describe('log format', () => {
  it('is JSON when stderr is piped, and human lines with --log-format pretty', async () => {
    const piped = await runCli(['workflow', 'run', 'hello.yaml', '--json'], { cwd: folder, env });
    expect(piped.code).toBe(0);
    const jsonLines = piped.stderr.trim().split('\n');
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const line of jsonLines) expect(JSON.parse(line)).toHaveProperty('msg');

    const pretty = await runCli(['workflow', 'run', 'hello.yaml', '--json', '--log-format', 'pretty'], {
      cwd: folder,
      env,
    });
    expect(pretty.code).toBe(0);
    expect(pretty.stderr).toMatch(/^\d\d:\d\d:\d\d {2}INFO {3}workflow: run completed/m);
    expect(pretty.stderr).not.toContain('{"level"');
  });

  it('LOG_FORMAT=json forces JSON and a wrong value names the variable (exit 2)', async () => {
    const bad = await runCli(['workflow', 'run', 'hello.yaml'], {
      cwd: folder,
      env: { ...env, LOG_FORMAT: 'fancy' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('LOG_FORMAT=fancy');
  });

  it('a log line written during the live progress view lands above it, not inside it', () => {
    const screen: string[] = [];
    const terminal = Object.assign(
      { write: (text: string) => void screen.push(`out:${text}`) },
      { isTTY: true, columns: 80, rows: 24, on: () => terminal, off: () => terminal },
    ) as unknown as NodeJS.WriteStream;
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      screen.push(`err:${String(text)}`);
      return true;
    });
    try {
      const view = createProgressView(terminal, ['greet']);
      view.listener({ type: 'step-started', executionId: 'ex-1', key: 'greet', attempt: 1 } as never);
      const before = screen.length;
      terminalLogDestination.write('12:00:00  INFO   workflow: run completed\n');
      const after = screen.slice(before);
      const logAt = after.findIndex((entry) => entry.startsWith('err:'));
      // The view is erased first (cursor moves up and the lines are cleared), then redrawn after the line.
      expect(after.slice(0, logAt).join('')).toContain('\u001b[2K');
      expect(after.slice(logAt + 1).join('')).toContain('greet');
      view.stop();
    } finally {
      stderr.mockRestore();
    }
  });
});
