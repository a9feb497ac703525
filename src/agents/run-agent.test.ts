import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelClient, ModelRequest, ModelResponse, ModelStreamEvent } from '../providers/index.js';
import { openDatabase } from '../store/index.js';
import { registryFromYaml } from './agent-registry.js';
import { AgentRunStore } from './agent-run-store.js';
import { AgentRunCancelledError, runAgent } from './run-agent.js';

const registry = registryFromYaml({
  'worker.yaml': `name: worker
displayName: Worker
role: test worker
team: engineering
description: works
systemPrompt: '${'You are a worker agent that reads files and reports what it found, carefully. '.repeat(3)}'
specializations: [work]
capabilities:
  - name: Work
    confidence: 0.9
    keywords: [work]
tools: [file, bash]
maxSteps: 3
retry:
  attempts: 2
`,
});

type Turn = (request: ModelRequest) => Partial<ModelResponse> | Error;

/**
 * Test double for the provider router: answers from a list of turns and records each request. The
 * runtime under test is real; only the model is scripted.
 */
function scriptedClient(turns: Turn[]): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  const answer = (request: ModelRequest): ModelResponse => {
    const { tools: _tools, ...rest } = request;
    requests.push(structuredClone(rest));
    const turn = turns[Math.min(requests.length - 1, turns.length - 1)]!(request);
    if (turn instanceof Error) throw turn;
    return {
      text: '',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 10, outputTokens: 5 },
      costUsd: 0.001,
      provider: 'double',
      model: 'scripted',
      simulated: false,
      cached: false,
      latencyMs: 0,
      attempts: [],
      ...turn,
    };
  };
  return {
    requests,
    generate: async (request) => answer(request),
    async *stream(request): AsyncIterable<ModelStreamEvent> {
      const response = answer(request);
      if (response.text) yield { type: 'text-delta', text: response.text };
      yield { type: 'finish', response };
    },
  };
}

const retryable = Object.assign(new Error('overloaded'), { isRetryable: true });
const readCall = { toolCallId: 'c1', toolName: 'file', input: { action: 'list' } };
const workspace = () => realpathSync(mkdtempSync(join(tmpdir(), 'ax-run-')));

describe('runAgent with a scripted model', () => {
  it('sends the system prompt, task and context, then the tool results, and sums usage', async () => {
    const client = scriptedClient([() => ({ toolCalls: [readCall] }), () => ({ text: 'done' })]);
    const result = await runAgent({
      agent: 'worker',
      task: 'Look around',
      context: { lint: 'clean' },
      client,
      registry,
      workspace: workspace(),
      permissions: 'read-only',
    });
    expect(result).toMatchObject({ text: 'done', steps: 2, finishReason: 'stop', costUsd: 0.002 });
    expect(result.usage).toEqual({ inputTokens: 20, outputTokens: 10 });
    const [first, second] = client.requests;
    expect(first!.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('worker agent'),
    });
    expect(first!.messages[1]).toEqual({
      role: 'user',
      content: 'Look around\n\n<context>\n{\n  "lint": "clean"\n}\n</context>',
    });
    expect(first!.temperature).toBe(0.2);
    expect(second!.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'file', output: { type: 'json' } }],
    });
  });

  it('returns bad tool calls to the model as errors instead of failing the run', async () => {
    const client = scriptedClient([
      () => ({
        toolCalls: [
          { toolCallId: 'a', toolName: 'memory', input: {} },
          { toolCallId: 'b', toolName: 'file', input: { action: 'explode' } },
        ],
      }),
      () => ({ text: 'recovered' }),
    ]);
    const result = await runAgent({
      agent: 'worker',
      task: 't',
      client,
      registry,
      workspace: workspace(),
      permissions: 'auto',
    });
    expect(result.toolCalls.map((call) => call.error)).toEqual([
      'unknown tool "memory"; the tools in this run are: file, bash',
      expect.stringMatching(/^invalid input for file: action: /),
    ]);
    expect(result.text).toBe('recovered');
  });

  it('stops at the step limit, forbidding tools on the last step', async () => {
    const client = scriptedClient([() => ({ toolCalls: [readCall], text: 'still working' })]);
    const result = await runAgent({
      agent: 'worker',
      task: 't',
      client,
      registry,
      workspace: workspace(),
      permissions: 'auto',
    });
    expect(result.finishReason).toBe('step-limit');
    expect(result.steps).toBe(3);
    expect(client.requests.map((request) => request.toolChoice)).toEqual(['auto', 'auto', 'none']);
    expect(result.toolCalls).toHaveLength(2);
  });

  it('retries a retryable model failure by the agent policy, and gives up after it', async () => {
    const flaky = scriptedClient([() => retryable, () => ({ text: 'second time lucky' })]);
    await expect(
      runAgent({
        agent: 'worker',
        task: 't',
        client: flaky,
        registry,
        workspace: workspace(),
        permissions: 'auto',
      }),
    ).resolves.toMatchObject({ text: 'second time lucky' });
    const broken = scriptedClient([() => retryable]);
    const store = new AgentRunStore(openDatabase(':memory:'));
    await expect(
      runAgent({
        agent: 'worker',
        task: 't',
        client: broken,
        registry,
        store,
        workspace: workspace(),
        permissions: 'auto',
      }),
    ).rejects.toThrow('overloaded');
    expect(broken.requests).toHaveLength(2);
    expect(store.list()[0]).toMatchObject({ status: 'failed', error: 'overloaded' });
  });

  it('is cancelled through its signal and records the run as cancelled', async () => {
    const controller = new AbortController();
    const client = scriptedClient([
      () => {
        controller.abort();
        return { toolCalls: [readCall] };
      },
    ]);
    const store = new AgentRunStore(openDatabase(':memory:'));
    await expect(
      runAgent({
        agent: 'worker',
        task: 't',
        client,
        registry,
        store,
        signal: controller.signal,
        workspace: workspace(),
        permissions: 'auto',
      }),
    ).rejects.toBeInstanceOf(AgentRunCancelledError);
    expect(store.list()[0]).toMatchObject({ status: 'cancelled' });
  });

  it('needs a registry to look an agent up by name', async () => {
    await expect(runAgent({ agent: 'worker', task: 't', client: scriptedClient([]) })).rejects.toThrow(
      /needs a registry/,
    );
  });
});
