import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** No provider keys: the demo must run on the simulator and say so. */
const noKeys = { ANTHROPIC_API_KEY: '', GOOGLE_API_KEY: '', GEMINI_API_KEY: '', OPENAI_API_KEY: '' };
const sampleProject = fileURLToPath(new URL('../../demo/sample-project/', import.meta.url));

interface DemoResult {
  state: string;
  report: string;
  failovers: string[];
  simulated: boolean;
  steps: {
    key: string;
    status: string;
    output?: unknown;
    outputs?: { toolCalls?: number };
    usage?: { provider: string };
  }[];
}

describe('ax demo', () => {
  it('reviews a project with five agents, survives a provider outage by failover, and writes a report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-demo-'));
    const run = await runCli(['demo', '--fast', '--json'], { cwd: dir, env: noKeys });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as DemoResult;
    expect(result.state).toBe('completed');
    expect(result.simulated).toBe(true);
    expect(result.failovers.length).toBeGreaterThan(0);
    expect(result.failovers[0]).toMatch(/^simulator-claude → simulator-gemini/);
    const reviewers = result.steps.filter((step) =>
      ['security', 'quality', 'performance', 'architecture'].includes(step.key),
    );
    expect(reviewers).toHaveLength(4);
    for (const step of reviewers) {
      expect(step.status).toBe('succeeded');
      expect(step.usage?.provider).toBe('simulator-gemini');
      expect(step.outputs?.toolCalls).toBeGreaterThanOrEqual(1);
      expect(String(step.output)).toMatch(/^\[simulated\]/);
    }
    // The outside directory has no code, so the bundled sample project was reviewed, through the sandboxed tools.
    const security = reviewers.find((step) => step.key === 'security')!;
    const securityRun = (security.outputs as { runId: string }).runId;
    const shown = await runCli(['runs', 'show', securityRun, '--json'], { cwd: dir });
    const toolCalls = (JSON.parse(shown.stdout) as { toolCalls: { toolName: string; output: unknown }[] })
      .toolCalls;
    expect(toolCalls[0]?.toolName).toBe('file');
    expect(JSON.stringify(toolCalls[0]?.output)).toContain('changeme-admin-token');
    // The report goes under .automatosx/reports/, not the repository root, and its path is in the result.
    const { executionId } = JSON.parse(run.stdout) as { executionId: string };
    expect(result.report).toBe(join(dir, '.automatosx', 'reports', `${executionId}.md`));
    expect(existsSync(join(dir, 'automatosx-report.md'))).toBe(false);
    const report = readFileSync(result.report, 'utf8');
    expect(report).toContain('**Simulated answers, real findings.**');
    expect(report).toMatch(/## Security — simulator-gemini/);
    // Findings backed by the agents' tool calls and the files, apart from the simulated prose.
    const securitySection = report.slice(report.indexOf('## Security'), report.indexOf('## Quality'));
    expect(securitySection).toMatch(
      /### Findings \(tool calls and files; not model output\)\n\n- `file action="grep" pattern="token\|secret\|password\|SELECT" ignoreCase=true` → 4 matches: README\.md:4, src\/orders\.js:6, src\/server\.js:5/,
    );
    expect(securitySection).toContain('1 secret-shaped string (values redacted): src/server.js:5');
    expect(securitySection).not.toContain('changeme-admin-token');
    expect(securitySection).toContain('### Agent’s answer (simulated: no model was called)');
    expect(report).toMatch(/- 0 TODO\/FIXME\/HACK markers/);
    expect(report).toMatch(/largest files: src\/server\.js \(\d+ lines\)/);
    expect(report).toMatch(/^Cost: \$0 billed — simulated answers;/m);
    expect(report).toContain(`ax workflow resume ${executionId}`);
  });

  it('reviews the current directory when it holds code, and tells a person how to use a real model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-demo-'));
    cpSync(sampleProject, dir, { recursive: true });
    writeFileSync(join(dir, 'src', 'extra.js'), "export const token = 'in-the-current-directory';\n");
    const run = await runCli(['demo', '--fast'], { cwd: dir, env: noKeys });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`five agents review ${dir}`);
    expect(run.stdout).toMatch(/failovers survived: simulator-claude → simulator-gemini/);
    expect(run.stdout).toContain('These answers were SIMULATED');
    expect(run.stdout).toContain('export ANTHROPIC_API_KEY=');
    expect(run.stdout).toMatch(/cost: \$0 billed — simulated answers/);
    const reportPath = /report written to (.*)$/m.exec(run.stdout)?.[1] ?? '';
    expect(reportPath.startsWith(join(dir, '.automatosx', 'reports', 'ex-'))).toBe(true);
    expect(readFileSync(reportPath, 'utf8')).toContain('src/extra.js');
  });

  it('--simulator uses the simulator even with a (stale) key set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ax-demo-'));
    const run = await runCli(['demo', '--fast', '--simulator', '--json'], {
      cwd: dir,
      env: { ...noKeys, ANTHROPIC_API_KEY: 'sk-ant-stale-key-that-would-fail' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as DemoResult).simulated).toBe(true);
  });
});
