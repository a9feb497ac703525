import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentRegistry, runAgent } from '../../src/agents/index.js';
import { createCodeIndex } from '../../src/code/index.js';
import type { ModelClient, ModelRequest, ModelResponse } from '../../src/providers/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * An agent with the code-intelligence tool starts with a repository map centred on its task: asked about
 * a function, it sees that function's file and signature before it reads anything. The model is a
 * recording double (what it is sent is the point); the agent runtime and the code index are real.
 */
const home = realpathSync(mkdtempSync(join(tmpdir(), 'ax-agent-map-')));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const registry = loadAgentRegistry({ projectDirectory: home });

function recordingClient(): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  const answer = (request: ModelRequest): ModelResponse => {
    requests.push(request);
    return {
      text: 'done',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 1 },
      costUsd: 0,
      provider: 'double',
      model: 'recording',
      simulated: false,
      cached: false,
      latencyMs: 0,
      attempts: [],
    };
  };
  return {
    requests,
    generate: async (request) => answer(request),
    async *stream(request) {
      yield { type: 'finish', response: answer(request) };
    },
  };
}

/** Twelve modules that all use `util.ts`, and one file nobody uses that defines the function asked about. */
function project(): string {
  const root = join(home, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, 'src', 'reports'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'util.ts'),
    'export function formatAmount(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n',
  );
  for (let n = 0; n < 12; n++) {
    writeFileSync(
      join(root, 'src', `module${n}.ts`),
      `import { formatAmount } from './util.js';\nexport function describeModule${n}(cents: number): string {\n  return formatAmount(cents);\n}\n`,
    );
  }
  writeFileSync(
    join(root, 'src', 'reports', 'tax.ts'),
    '/** Tax owed on an amount, rounded down to the cent. */\nexport function computeQuarterlyTax(cents: number, rate: number): number {\n  return Math.floor(cents * rate);\n}\n',
  );
  return root;
}

const systemPrompt = (request: ModelRequest | undefined) =>
  String(request?.messages.find((message) => message.role === 'system')?.content ?? '');

describe('the repository map in an agent’s context', () => {
  it('puts the file of the function the task asks about into the map the agent starts with', async () => {
    const workspace = project();
    const codeIndex = createCodeIndex({ db: openDatabase(':memory:'), root: workspace });
    await codeIndex.index({ workers: 0 });
    // Without a focus, the small budget goes to the file everything uses, not to tax.ts.
    expect(codeIndex.map({ tokens: 60 }).text).not.toContain('reports/tax.ts');

    const client = recordingClient();
    await runAgent({
      agent: 'backend',
      task: 'How is computeQuarterlyTax rounded?',
      client,
      registry,
      workspace,
      codeIndex,
      permissions: 'read-only',
      repositoryMapTokens: 60,
    });
    const system = systemPrompt(client.requests[0]);
    expect(system).toContain('<repository-map>');
    expect(system).toContain('src/reports/tax.ts:');
    expect(system).toContain('function computeQuarterlyTax(cents: number, rate: number): number');
    codeIndex.db.close();
  });

  it('is left out when asked, when nothing is indexed yet, and for agents without the tool', async () => {
    const workspace = project();
    const codeIndex = createCodeIndex({ db: openDatabase(':memory:'), root: workspace });
    const run = async (agent: string, repositoryMapTokens?: false) => {
      const client = recordingClient();
      await runAgent({
        agent,
        task: 'How is computeQuarterlyTax rounded?',
        client,
        registry,
        workspace,
        codeIndex,
        permissions: 'read-only',
        ...(repositoryMapTokens === false ? { repositoryMapTokens } : {}),
      });
      return systemPrompt(client.requests[0]);
    };
    expect(await run('backend')).not.toContain('<repository-map>');
    await codeIndex.index({ workers: 0 });
    expect(await run('backend')).toContain('<repository-map>');
    expect(await run('backend', false)).not.toContain('<repository-map>');
    const withoutTool = registry.list().find((profile) => !profile.tools.includes('code-intelligence'));
    expect(withoutTool).toBeDefined();
    expect(await run(withoutTool?.name ?? '')).not.toContain('<repository-map>');
    codeIndex.db.close();
  });
});
