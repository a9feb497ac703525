import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentEvent, AgentRunStore, loadAgentRegistry, runAgent } from '../../src/agents/index.js';
import { createMemory, type Memory } from '../../src/memory/index.js';
import {
  type ConfiguredRouter,
  createProviderRouterFromConfig,
  type ModelClient,
  type ModelRequest,
} from '../../src/providers/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * Agent memory end to end through the simulator: a run's outcome is remembered, the next run of a
 * similar task gets it in its prompt (seen by recording what reaches the provider router), and the
 * `memory` tool adds and searches notes when the simulated model calls it.
 */
let configured: ConfiguredRouter;
const home = realpathSync(mkdtempSync(join(tmpdir(), 'ax-agent-memory-')));
const registry = loadAgentRegistry({ projectDirectory: home });

beforeAll(async () => {
  configured = await createProviderRouterFromConfig({ cwd: home, env: {}, simulator: 'always' });
});

afterAll(async () => {
  await configured?.close();
});

/** Test double around the real router: passes every call through and keeps the requests it saw. */
function recording(client: ModelClient): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    generate(request, options) {
      requests.push(request);
      return client.generate(request, options);
    },
    stream(request, options) {
      requests.push(request);
      return client.stream(request, options);
    },
  };
}

function systemPrompt(request: ModelRequest | undefined): string {
  const system = request?.messages.find((message) => message.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

function fresh(): { db: DatabaseSync; memory: Memory; workspace: string } {
  const db = openDatabase(':memory:');
  return { db, memory: createMemory({ db }), workspace: mkdtempSync(join(home, 'ws-')) };
}

describe('agent memory through the simulator', () => {
  it("records a run's outcome, and the next run of a similar task sees it in its prompt", async () => {
    const { db, memory, workspace } = fresh();
    const store = new AgentRunStore(db);
    const first = await runAgent({
      agent: 'backend',
      task: 'Add rate limiting to the orders endpoint',
      client: configured.router,
      registry,
      workspace,
      memory,
      store,
      permissions: 'read-only',
    });
    const [outcome] = memory.list({ agent: 'backend' });
    expect(outcome).toMatchObject({
      kind: 'outcome',
      agent: 'backend',
      task: 'Add rate limiting to the orders endpoint',
      sourceRun: first.runId,
      tags: expect.arrayContaining(['outcome', 'succeeded']),
    });
    expect(outcome!.content).toBe(`succeeded: ${first.text}`);

    const client = recording(configured.router);
    const events: AgentEvent[] = [];
    await runAgent({
      agent: 'backend',
      task: 'The rate limiting on the orders endpoint rejects too early',
      client,
      registry,
      workspace,
      memory,
      store,
      permissions: 'read-only',
      onEvent: (event) => events.push(event),
    });
    const prompt = systemPrompt(client.requests[0]);
    expect(prompt).toContain('<memories>');
    expect(prompt).toContain(
      'backend (task: Add rate limiting to the orders endpoint): succeeded: [simulated]',
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'memory-recalled', entries: [outcome!.id] }),
    );
    expect(memory.count({ agent: 'backend' })).toBe(2);

    // memoryContext: false keeps memories out of the prompt; the outcome is still recorded.
    const quiet = recording(configured.router);
    await runAgent({
      agent: 'backend',
      task: 'Rate limiting for the orders endpoint again',
      client: quiet,
      registry,
      workspace,
      memory,
      memoryContext: false,
      permissions: 'read-only',
    });
    expect(systemPrompt(quiet.requests[0])).not.toContain('<memories>');
    expect(memory.count({ agent: 'backend' })).toBe(3);

    // Another agent does not see backend's outcomes (they are its own), only shared memories.
    memory.add({ content: 'Orders endpoint limits are configured in config/rate-limits.yaml' });
    const other = recording(configured.router);
    await runAgent({
      agent: 'security',
      task: 'Review rate limiting on the orders endpoint',
      client: other,
      registry,
      workspace,
      memory,
      recordOutcome: false,
      permissions: 'read-only',
    });
    const otherPrompt = systemPrompt(other.requests[0]);
    expect(otherPrompt).toContain('config/rate-limits.yaml');
    expect(otherPrompt).not.toContain('backend (task:');
    expect(memory.count({ agent: 'security' })).toBe(0);
  });

  it('a failed run is remembered as failed', async () => {
    const { memory, workspace } = fresh();
    await expect(
      runAgent({
        agent: 'backend',
        task: 'Migrate the orders table',
        client: configured.router,
        provider: 'no-such-provider',
        registry,
        workspace,
        memory,
        permissions: 'read-only',
      }),
    ).rejects.toThrow();
    const [outcome] = memory.list({ agent: 'backend' });
    expect(outcome).toMatchObject({ task: 'Migrate the orders table', tags: ['outcome', 'failed'] });
    expect(outcome!.content).toMatch(/^failed: .*no-such-provider/);
  });

  it('the memory tool adds and searches notes in read-only mode, filed under the agent, task and run', async () => {
    const { memory, workspace } = fresh();
    const task =
      'Remember this. [[tool:memory {"action":"add","content":"The orders service caches totals in Redis for 60 seconds","tags":["orders","cache"]}]] ' +
      'Then look it up. [[tool:memory {"action":"search","query":"orders cache Redis"}]] ' +
      'And a bad call. [[tool:memory {"action":"add"}]]';
    const result = await runAgent({
      agent: 'performance',
      task,
      client: configured.router,
      registry,
      workspace,
      memory,
      recordOutcome: false,
      permissions: 'read-only',
    });
    expect(result.toolCalls.map((call) => call.toolName)).toEqual(['memory', 'memory', 'memory']);
    const added = result.toolCalls[0]!.output as { remembered: number };
    expect(memory.get(added.remembered)).toMatchObject({
      agent: 'performance',
      task,
      sourceRun: result.runId,
      kind: 'note',
      tags: ['orders', 'cache'],
    });
    expect(result.toolCalls[1]!.output).toEqual([
      expect.objectContaining({
        id: added.remembered,
        content: 'The orders service caches totals in Redis for 60 seconds',
      }),
    ]);
    expect(result.toolCalls[2]!.error).toMatch(/^memory add: content: /);
    expect(result.text).toContain('memory returned');
  });

  it('a memory store that fails does not fail the run: recall and recording are reported as events', async () => {
    const { db, memory, workspace } = fresh();
    db.close();
    const events: AgentEvent[] = [];
    const result = await runAgent({
      agent: 'backend',
      task: 'Add rate limiting to the orders endpoint',
      client: configured.router,
      registry,
      workspace,
      memory,
      permissions: 'read-only',
      onEvent: (event) => events.push(event),
    });
    expect(result.text).toMatch(/^\[simulated\]/);
    expect(events.filter((event) => event.type === 'memory-error')).toEqual([
      expect.objectContaining({ error: expect.stringMatching(/^memories could not be recalled/) }),
      expect.objectContaining({ error: expect.stringMatching(/^the outcome of run .* was not remembered/) }),
    ]);
  });

  it('is absent without a memory store', async () => {
    const { workspace } = fresh();
    const result = await runAgent({
      agent: 'writer',
      task: 'Look it up. [[tool:memory {"action":"search","query":"release notes"}]]',
      client: configured.router,
      registry,
      workspace,
      permissions: 'read-only',
    });
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toContain('The task asks for the tool "memory", but this request offers only:');
  });
});
