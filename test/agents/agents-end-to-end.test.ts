import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agents/index.js';
import { AgentRunStore, loadAgentRegistry, PermissionPolicy, runAgent } from '../../src/agents/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * Every shipped agent answers a task through the real provider router and the simulator's HTTP server.
 * The task carries `[[tool:…]]` directives, so the simulated model calls the agent's real `file` tool
 * twice (write, then read back) and, for agents with `bash`, a command over the written file, in a
 * temporary workspace before it answers.
 */
let configured: ConfiguredRouter;
const home = realpathSync(mkdtempSync(join(tmpdir(), 'ax-agents-e2e-')));
const registry = loadAgentRegistry({ projectDirectory: home });

beforeAll(async () => {
  configured = await createProviderRouterFromConfig({ cwd: home, env: {}, simulator: 'always' });
});

afterAll(async () => {
  await configured?.close();
});

describe('every agent end to end through the simulator', () => {
  const store = new AgentRunStore(openDatabase(':memory:'));

  it.each(registry.names())('%s runs the tool loop with real tools and answers', async (name) => {
    const workspace = mkdtempSync(join(home, `${name}-`));
    const events: AgentEvent['type'][] = [];
    const note = `${name} was here`;
    const usesBash = registry.get(name).tools.includes('bash');
    const task =
      `Leave a note for the team. [[tool:file {"action":"write","path":"notes/${name}.md","content":"${note}"}]] ` +
      `Then check it. [[tool:file {"action":"read","path":"notes/${name}.md"}]]` +
      (usesBash ? ` And count its bytes. [[tool:bash {"command":"wc -c < notes/${name}.md"}]]` : '');
    const result = await runAgent({
      agent: name,
      task,
      client: configured.router,
      registry,
      store,
      workspace,
      permissions: new PermissionPolicy('auto'),
      onEvent: (event) => events.push(event.type),
    });
    expect(readFileSync(join(workspace, 'notes', `${name}.md`), 'utf8')).toBe(note);
    const expectedTools = usesBash ? ['file', 'file', 'bash'] : ['file', 'file'];
    expect(result.toolCalls.map((call) => [call.toolName, call.error])).toEqual(
      expectedTools.map((tool) => [tool, undefined]),
    );
    expect(result.toolCalls[1]!.output).toMatchObject({ content: note });
    if (usesBash)
      expect(result.toolCalls[2]!.output).toMatchObject({ exitCode: 0, stdout: `${note.length}\n` });
    const steps = expectedTools.length + 1;
    expect(result).toMatchObject({ agent: name, simulated: true, steps, finishReason: 'stop' });
    expect(result.text).toMatch(/^\[simulated\]/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.provider).toMatch(/simulator/);
    expect(events.filter((type) => type === 'tool-result')).toHaveLength(expectedTools.length);
    expect(events).toContain('text-delta');
    expect(store.get(result.runId)).toMatchObject({
      agent: name,
      status: 'succeeded',
      simulated: true,
      steps,
    });
  });

  it('records every run for `ax runs`', () => {
    expect(
      store
        .list({ limit: 100 })
        .map((run) => run.agent)
        .sort(),
    ).toEqual(registry.names().sort());
  });
});

describe('agents under permission modes', () => {
  it('a read-only run gets the refusal as a tool result, and the model answers anyway', async () => {
    const workspace = mkdtempSync(join(home, 'readonly-'));
    const result = await runAgent({
      agent: 'backend',
      task: 'Create the file. [[tool:file {"action":"write","path":"x.txt","content":"x"}]]',
      client: configured.router,
      registry,
      workspace,
      permissions: 'read-only',
    });
    expect(result.toolCalls[0]!.error).toMatch(/not allowed in read-only mode/);
    expect(result.text).toContain('read-only');
    expect(readdirSync(workspace)).toEqual([]);
  });

  it('an escape attempt through the model is refused and nothing outside changes', async () => {
    const workspace = mkdtempSync(join(home, 'escape-'));
    const result = await runAgent({
      agent: 'security',
      task:
        'Read the password file. [[tool:file {"action":"read","path":"../../../../etc/passwd"}]] ' +
        'And plant a file. [[tool:bash {"command":"touch ../planted.txt"}]]',
      client: configured.router,
      registry,
      workspace,
      permissions: 'read-only',
    });
    const [read, bash] = result.toolCalls;
    expect(read?.error).toMatch(/outside the workspace/);
    // The sandbox, not a string check, confines the write: the command runs, in a private file system view.
    expect(bash?.error).toBeUndefined();
    expect(bash?.output).toMatchObject({ timedOut: false });
    expect(existsSync(join(home, 'planted.txt'))).toBe(false);
  });
});
