import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ax-cli-'));
  const db = join(dir, 'ax.db');
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const ax = (...args: string[]) => runCli([...args, '--db', db], { cwd: dir });
  return { dir, db, write, ax };
}

/** Resolves with the first capture of `pattern` in the child's stdout, which keeps being drained. */
function waitForLine(child: ReturnType<typeof startCli>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += String(chunk);
      const match = pattern.exec(seen);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', () => reject(new Error(`never printed ${pattern}: ${seen}`)));
  });
}

describe('ax workflow (CLI)', () => {
  it('rejects an invalid file with file:line:column and exit code 2, storing nothing', async () => {
    const w = workspace();
    const file = w.write(
      'bad.yaml',
      'name: bad\nsteps:\n  - key: a\n    run: echo a\n    dependsOn: [nope]\n',
    );
    const validate = await runCli(['workflow', 'validate', file], { cwd: w.dir });
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/bad\.yaml:5:\d+: .*'nope'/);
    const run = await w.ax('workflow', 'run', file);
    expect(run.code).toBe(2);
    expect(existsSync(w.db)).toBe(false);
    const json = await runCli(['workflow', 'validate', file, '--json'], { cwd: w.dir });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { valid: boolean; issues: { line: number; message: string }[] };
    expect(report.valid).toBe(false);
    expect(report.issues[0]?.line).toBe(5);
    const agent = w.write(
      'agent.yaml',
      'name: a\nsteps:\n  - key: scan\n    agent: securty\n    prompt: look\n',
    );
    const unknown = await runCli(['workflow', 'validate', agent], { cwd: w.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/agent\.yaml:4:\d+: .*securty.*'security'/);
    const usage = await w.ax('workflow', 'run');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'file'");
  });

  it('runs a workflow with plain progress lines when piped, and reports it as JSON', async () => {
    const w = workspace();
    const file = w.write(
      'ok.yaml',
      'name: ok\ninputs:\n  n: { type: number }\nsteps:\n  - key: a\n    run: echo $(( ${{ inputs.n }} * 2 ))\n  - key: b\n    dependsOn: a\n    run: exit 4\n',
    );
    const run = await w.ax('workflow', 'run', file, '--input', 'n=21');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('step a: succeeded');
    expect(run.stdout).toContain('step b: failed (attempt 1)');
    expect(run.stdout).toMatch(/resume with: ax workflow resume ex-/);
    const list = await w.ax('workflow', 'list', '--failed', '--json');
    const [execution] = JSON.parse(list.stdout) as { id: string; state: string }[];
    expect(execution?.state).toBe('failed');
    const status = await w.ax('workflow', 'status', execution!.id, '--json');
    const detail = JSON.parse(status.stdout) as {
      steps: { key: string; output?: unknown }[];
      events: { type: string }[];
    };
    expect(detail.steps.find((step) => step.key === 'a')?.output).toBe('42');
    expect(detail.events.map((event) => event.type)).toContain('workflow_failed');
    const json = await w.ax('workflow', 'execute', file, '--input', 'n=1', '--json');
    expect(JSON.parse(json.stdout).state).toBe('failed');
  });

  it('pauses and cancels a run from another process, and resumes the paused one', async () => {
    const w = workspace();
    const marker = join(w.dir, 'ran.log');
    const file = w.write(
      'slow.yaml',
      `name: slow\nsteps:\n  - key: wait\n    run: echo "$AX_ATTEMPT" >> ${marker}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi\n  - key: done\n    dependsOn: wait\n    run: echo done\n`,
    );
    const running = startCli(['workflow', 'run', file, '--db', w.db], { cwd: w.dir });
    const exited = once(running, 'exit');
    const id = await waitForLine(running, /run (ex-\S+) slow: executing/);
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
    const pause = await w.ax('workflow', 'pause', id);
    expect(pause.stdout).toContain('pause requested');
    const [code] = await exited;
    expect(code).toBe(0);
    expect((await w.ax('workflow', 'status', id)).stdout).toContain('paused');
    const resumed = await w.ax('workflow', 'resume', id);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('completed');
    expect(readFileSync(marker, 'utf8')).toBe('1\n2\n');

    const again = startCli(['workflow', 'run', file, '--db', w.db], { cwd: w.dir });
    const againExited = once(again, 'exit');
    const second = await waitForLine(again, /run (ex-\S+) slow: executing/);
    while (readFileSync(marker, 'utf8') !== '1\n2\n1\n')
      await new Promise((resolve) => setTimeout(resolve, 10));
    await w.ax('workflow', 'cancel', second);
    const [cancelCode] = await againExited;
    expect(cancelCode).toBe(1);
    const status = JSON.parse((await w.ax('workflow', 'status', second, '--json')).stdout);
    expect(status.execution.state).toBe('cancelled');
    expect((await w.ax('workflow', 'resume', second)).code).toBe(2);
  });

  it('waits for an approval given by another process', async () => {
    const w = workspace();
    const file = w.write(
      'gate.yaml',
      'name: gate\nsteps:\n  - key: gate\n    approval: Deploy?\n  - key: go\n    dependsOn: gate\n    run: echo go\n',
    );
    const running = startCli(['workflow', 'run', file, '--db', w.db], { cwd: w.dir });
    const exited = once(running, 'exit');
    const id = await waitForLine(running, /approve with: ax workflow approve (\S+) gate/);
    const approve = await w.ax('workflow', 'approve', id, 'gate', '--by', 'ops', '-m', 'ok');
    expect(approve.stdout).toContain('gate: approved by ops');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('prints the graph as text and Mermaid', async () => {
    const w = workspace();
    const file = w.write(
      'g.yaml',
      'name: g\nsteps:\n  - key: a\n    run: echo a\n  - key: b\n    dependsOn: a\n    run: echo b\n',
    );
    const graph = await runCli(['workflow', 'graph', file], { cwd: w.dir });
    expect(graph.code).toBe(0);
    expect(graph.stdout).toContain('graph TD');
    expect(graph.stdout).toMatch(/level 2\n\s+b/);
  });
});
