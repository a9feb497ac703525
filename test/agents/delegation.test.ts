import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentCollaborator, AgentRunStore, registryFromYaml, runAgent } from '../../src/agents/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';
import { openDatabase } from '../../src/store/index.js';

/** Delegation through the real router and simulator; the simulator's script decides who delegates to whom. */
function agent(name: string, delegates: string[], extra = '', depth = 3): string {
  return `name: ${name}
displayName: Agent ${name}
role: test agent
team: engineering
description: an agent for delegation tests
systemPrompt: '${'You are a specialist for delegation tests; you read, check and then answer. '.repeat(4)}'
specializations: [delegation]
capabilities:
  - name: Delegation
    confidence: 0.5
    keywords: [delegation]
tools: [file, delegate]
canDelegateTo: [${delegates.join(', ')}]
maxDelegationDepth: ${depth}
${extra}`;
}

const registry = registryFromYaml({
  'a.yaml': agent('a', ['b', 'broken']),
  'b.yaml': agent('b', ['a', 'c']),
  'c.yaml': agent('c', ['d']),
  'd.yaml': agent('d', []),
  'shallow.yaml': agent('shallow', ['b'], '', 1),
  'broken.yaml': agent('broken', [], 'preferences:\n  provider: no-such-provider\n  temperature: 0'),
});

const delegate = (to: string, task: string) => ({ name: 'delegate', input: { agent: to, task } });

let configured: ConfiguredRouter;
let workspace: string;

beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ax-delegation-')));
  configured = await createProviderRouterFromConfig({ cwd: workspace, env: {}, simulator: 'always' });
});
afterEach(() => configured.simulator?.setScript([]));
afterAll(async () => {
  await configured?.close();
});

function run(agentName: string, task: string, store?: AgentRunStore) {
  return runAgent({
    agent: agentName,
    task,
    client: configured.router,
    registry,
    workspace,
    permissions: 'auto',
    ...(store ? { store } : {}),
  });
}

describe('delegation', () => {
  it('runs a chain a → b → c and returns each answer as the tool result', async () => {
    configured.simulator!.setScript([
      { match: 'CHAIN-A', toolCall: delegate('b', 'CHAIN-B: check the schema') },
      { match: 'CHAIN-B', toolCall: delegate('c', 'CHAIN-C: count the tables') },
      { match: 'CHAIN-C', reply: 'c counted 7 tables' },
    ]);
    const store = new AgentRunStore(openDatabase(':memory:'));
    const result = await run('a', 'CHAIN-A: review the database', store);
    expect(result.toolCalls).toHaveLength(1);
    const fromB = result.toolCalls[0]!.output as { agent: string; text: string; runId: string };
    expect(fromB.agent).toBe('b');
    expect(fromB.text).toContain('c counted 7 tables');
    expect(result.text).toContain('c counted 7 tables');
    const runs = store.list();
    expect(runs.map((r) => r.agent).sort()).toEqual(['a', 'b', 'c']);
    expect(store.children(result.runId).map((r) => r.agent)).toEqual(['b']);
    expect(store.children(fromB.runId).map((r) => r.agent)).toEqual(['c']);
    // a's usage is its own calls plus b's, and b's includes c's.
    const byAgent = Object.fromEntries(runs.map((r) => [r.agent, r]));
    expect(byAgent.b!.usage.inputTokens).toBeGreaterThan(byAgent.c!.usage.inputTokens);
    expect(result.usage.inputTokens).toBeGreaterThan(byAgent.b!.usage.inputTokens);
    expect(result.costUsd).toBeGreaterThan(byAgent.b!.costUsd);
  });

  it('refuses a cycle a → b → a, and b answers with the refusal', async () => {
    configured.simulator!.setScript([
      { match: 'CYCLE-A', toolCall: delegate('b', 'CYCLE-B: ask a again') },
      { match: 'CYCLE-B', toolCall: delegate('a', 'CYCLE-A: back to you') },
    ]);
    const result = await run('a', 'CYCLE-A: start');
    const fromB = result.toolCalls[0]!.output as { text: string };
    expect(fromB.text).toContain('delegation cycle refused: a → b → a');
  });

  it('enforces the depth limit of every agent in the chain', async () => {
    configured.simulator!.setScript([
      { match: 'DEEP-S', toolCall: delegate('b', 'DEEP-B: go on') },
      { match: 'DEEP-B', toolCall: delegate('c', 'DEEP-C: deeper') },
    ]);
    const result = await run('shallow', 'DEEP-S: start');
    const fromB = result.toolCalls[0]!.output as { text: string };
    expect(fromB.text).toContain('delegation depth limit of agent "shallow" (1) reached: shallow → b → c');
  });

  it('refuses delegation to an agent not in canDelegateTo', async () => {
    configured.simulator!.setScript([{ match: 'NOT-ALLOWED', toolCall: delegate('d', 'do it') }]);
    const result = await run('a', 'NOT-ALLOWED: ask d');
    expect(result.toolCalls[0]!.error).toBe(
      'agent "a" may not delegate to "d" (it may delegate to: b, broken)',
    );
  });

  it('reports a failing delegate to the model and carries on', async () => {
    configured.simulator!.setScript([{ match: 'FAILING', toolCall: delegate('broken', 'anything') }]);
    const store = new AgentRunStore(openDatabase(':memory:'));
    const result = await run('a', 'FAILING: ask broken', store);
    expect(result.toolCalls[0]!.error).toMatch(/^delegate "broken" failed: /);
    expect(result.text).toMatch(/^\[simulated\]/);
    expect(store.list().find((r) => r.agent === 'broken')).toMatchObject({ status: 'failed' });
    expect(store.get(result.runId)).toMatchObject({ status: 'succeeded' });
  });
});

describe('AgentCollaborator', () => {
  it('runs agents in parallel and joins their answers, leaving out the one that failed', async () => {
    configured.simulator!.setScript([]);
    const collaborator = new AgentCollaborator({
      client: configured.router,
      registry,
      workspace,
      permissions: 'read-only',
    });
    const result = await collaborator.collaborate('Assess the plan', ['b', 'c', 'broken']);
    expect(result.outcomes.map((o) => [o.agent, o.ok])).toEqual([
      ['b', true],
      ['c', true],
      ['broken', false],
    ]);
    expect(result.text).toMatch(/^## b\n\n\[simulated\][\s\S]*\n\n## c\n\n\[simulated\]/);
    expect(result.simulated).toBe(true);
  });

  it('lets a synthesiser combine the answers', async () => {
    const collaborator = new AgentCollaborator({
      client: configured.router,
      registry,
      workspace,
      permissions: 'auto',
    });
    const result = await collaborator.collaborate('Assess the plan', ['b', 'c'], 'd');
    expect(result.synthesis?.agent).toBe('d');
    expect(result.text).toBe(result.synthesis?.text);
  });
});
