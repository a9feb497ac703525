import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentCollaborator,
  type AgentEvent,
  AgentRunStore,
  createAgentTools,
  defaultToolLimits,
  loadAgentRegistry,
  PermissionPolicy,
  runAgent,
  Workspace,
} from '../../src/agents/index.js';
import { type CodeIndex, createCodeIndex } from '../../src/code/index.js';
import { createMemory } from '../../src/memory/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * The `code-intelligence` tool end to end: the simulator (through the real provider router and its HTTP
 * server) calls the tool as the task's `[[tool:…]]` directives ask, the runtime runs it against a real
 * code index of a temporary workspace, and the simulated answer reports what the tool returned.
 */
let configured: ConfiguredRouter;
const home = realpathSync(mkdtempSync(join(tmpdir(), 'ax-agent-code-')));
const registry = loadAgentRegistry({ projectDirectory: home });

const ordersSource = `import { slugify } from './text.js';

/** The total of an order, with the discount applied. */
export function computeOrderTotal(lines: { price: number; quantity: number }[], discount = 0): number {
  const gross = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return gross * (1 - discount);
}

export class OrderService {
  label(name: string): string {
    return slugify(name);
  }
}
`;

const pythonSource = `def slugify(text):
    """Lower-case words joined by dashes."""
    return "-".join(text.lower().split())
`;

function project(name: string): string {
  const root = join(home, name);
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'orders.ts'), ordersSource);
  writeFileSync(join(root, 'src', 'text.py'), pythonSource);
  return root;
}

beforeAll(async () => {
  configured = await createProviderRouterFromConfig({ cwd: home, env: {}, simulator: 'always' });
});

afterAll(async () => {
  await configured?.close();
});

function indexFor(root: string): CodeIndex {
  return createCodeIndex({ db: openDatabase(':memory:'), root });
}

describe('the code-intelligence tool through the simulator', () => {
  it('finds where a symbol is defined in the workspace and answers with its location, in read-only mode', async () => {
    const workspace = project('definition');
    const codeIndex = indexFor(workspace);
    const store = new AgentRunStore(codeIndex.db);
    expect(codeIndex.stats().files).toBe(0);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      agent: 'backend',
      task: 'Where is the order total computed? [[tool:code-intelligence {"action":"definition","name":"computeOrderTotal"}]]',
      client: configured.router,
      registry,
      workspace,
      codeIndex,
      store,
      permissions: 'read-only',
      onEvent: (event) => events.push(event),
    });
    // The index was built on the tool's first use, not before the run.
    expect(codeIndex.stats().files).toBe(2);
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ toolName: 'code-intelligence' });
    expect(result.toolCalls[0]!.error).toBeUndefined();
    expect(result.toolCalls[0]!.output).toEqual([
      expect.objectContaining({
        location: 'src/orders.ts:4-7',
        kind: 'function',
        name: 'computeOrderTotal',
        doc: expect.stringContaining('The total of an order'),
      }),
    ]);
    expect(result.text).toMatch(/^\[simulated\]/);
    expect(result.text).toContain('src/orders.ts:4-7');
    expect(result).toMatchObject({ finishReason: 'stop', steps: 2 });
    expect(
      events.some((event) => event.type === 'tool-result' && event.toolName === 'code-intelligence'),
    ).toBe(true);
    expect(store.get(result.runId)?.toolCalls[0]?.toolName).toBe('code-intelligence');
  });

  it('searches, lists symbols across languages and reads a range; each run brings the index up to date first', async () => {
    const workspace = project('search');
    const codeIndex = indexFor(workspace);
    const run = (task: string) =>
      runAgent({
        agent: 'architect',
        task,
        client: configured.router,
        registry,
        workspace,
        codeIndex,
        permissions: 'read-only',
      });
    const first = await run(
      'Find the discount logic. [[tool:code-intelligence {"action":"search","query":"discount"}]] ' +
        'What slug helpers exist? [[tool:code-intelligence {"action":"symbols","name":"slug"}]] ' +
        'Show the class. [[tool:code-intelligence {"action":"read","path":"src/orders.ts","startLine":9,"endLine":10}]]',
    );
    expect(first.toolCalls.map((call) => call.error)).toEqual([undefined, undefined, undefined]);
    expect(first.toolCalls[0]!.output).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: expect.stringMatching(/^src\/orders\.ts:\d+$/) }),
      ]),
    );
    expect(first.toolCalls[1]!.output).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'slugify', kind: 'function', location: 'src/text.py:1-3' }),
      ]),
    );
    expect(first.toolCalls[2]!.output).toMatchObject({
      path: 'src/orders.ts',
      startLine: 9,
      endLine: 10,
      text: '9\texport class OrderService {\n10\t  label(name: string): string {',
    });

    // A file added after the first run is found by the next run: its first call re-indexes (incrementally).
    writeFileSync(
      join(workspace, 'src', 'refunds.ts'),
      'export function issueRefund(orderId: string) {\n  return orderId;\n}\n',
    );
    const second = await run(
      'Where are refunds issued? [[tool:code-intelligence {"action":"definition","name":"issueRefund"}]]',
    );
    expect(second.toolCalls[0]!.output).toEqual([
      expect.objectContaining({ location: 'src/refunds.ts:1-3' }),
    ]);
  });

  it('parallel agents sharing one index wait for the same indexing pass instead of walking the tree twice', async () => {
    const workspace = project('parallel');
    const real = indexFor(workspace);
    let passes = 0;
    let toolCallsSeen = 0;
    let allCalled: () => void = () => {};
    const allThreeCalled = new Promise<void>((resolve) => {
      allCalled = resolve;
    });
    // Counts the passes of the real index, and holds the first one open until all three agents have
    // asked for the tool, so the test does not depend on how the three runs happen to interleave.
    const codeIndex: CodeIndex = {
      ...real,
      root: real.root,
      db: real.db,
      index: async (options) => {
        passes++;
        await allThreeCalled;
        return real.index(options);
      },
    };
    const collaborator = new AgentCollaborator({
      client: configured.router,
      registry,
      workspace,
      codeIndex,
      permissions: 'read-only',
      onEvent: (event) => {
        if (event.type === 'tool-call' && ++toolCallsSeen === 3) allCalled();
      },
    });
    const review = await collaborator.collaborate(
      'Where is the total? [[tool:code-intelligence {"action":"definition","name":"computeOrderTotal"}]]',
      ['backend', 'performance', 'quality'],
    );
    expect(review.outcomes.map((outcome) => outcome.ok && outcome.result.toolCalls[0]?.output)).toEqual(
      Array.from({ length: 3 }, () => [expect.objectContaining({ location: 'src/orders.ts:4-7' })]),
    );
    expect(passes).toBe(1);
  });

  it('refuses reads that leave the workspace, through .. or a symlink, and bad input, as tool errors', async () => {
    const workspace = project('sandbox');
    const outside = join(home, 'secret.txt');
    writeFileSync(outside, 'api key\n');
    symlinkSync(outside, join(workspace, 'leak.txt'));
    const codeIndex = indexFor(workspace);
    const result = await runAgent({
      agent: 'security',
      task:
        '[[tool:code-intelligence {"action":"read","path":"../secret.txt"}]] ' +
        '[[tool:code-intelligence {"action":"read","path":"leak.txt"}]] ' +
        '[[tool:code-intelligence {"action":"definition"}]]',
      client: configured.router,
      registry,
      workspace,
      codeIndex,
      permissions: 'read-only',
    });
    expect(result.toolCalls.map((call) => call.error)).toEqual([
      expect.stringMatching(/outside the workspace/),
      expect.stringMatching(/symbolic link/),
      expect.stringMatching(/^code-intelligence definition: name: /),
    ]);
    expect(JSON.stringify(result.toolCalls.map((call) => call.output))).not.toContain('api key');
  });

  it('is absent without a code index, and never offered to an agent whose profile does not list it', async () => {
    const workspace = project('absent');
    const task = 'Find it. [[tool:code-intelligence {"action":"definition","name":"computeOrderTotal"}]]';
    const withoutIndex = await runAgent({
      agent: 'backend',
      task,
      client: configured.router,
      registry,
      workspace,
      permissions: 'read-only',
    });
    expect(withoutIndex.toolCalls).toEqual([]);
    expect(withoutIndex.text).toContain(
      'The task asks for the tool "code-intelligence", but this request offers only:',
    );

    const notListed = await runAgent({
      agent: 'design',
      task,
      client: configured.router,
      registry,
      workspace,
      codeIndex: indexFor(workspace),
      permissions: 'read-only',
    });
    expect(registry.get('design').tools).not.toContain('code-intelligence');
    expect(notListed.toolCalls).toEqual([]);
    expect(notListed.text).toContain('The task asks for the tool "code-intelligence"');
  });
});

describe('createAgentTools', () => {
  const workspace = new Workspace(project('tools'));
  const base = {
    workspace,
    permissions: new PermissionPolicy('read-only'),
    limits: defaultToolLimits,
  };
  const names = (agent: string, extra: object) =>
    createAgentTools(registry.get(agent), { agent, ...base, ...extra }).map((tool) => tool.name);

  it('offers code-intelligence and memory only when the profile lists them and the run has the system', () => {
    const codeIndex = indexFor(workspace.root);
    const memory = createMemory({ db: openDatabase(':memory:') });
    expect(names('backend', {})).toEqual(['bash', 'file']);
    expect(names('backend', { codeIndex, memory })).toEqual(['bash', 'file', 'code-intelligence', 'memory']);
    expect(names('backend', { memory })).toEqual(['bash', 'file', 'memory']);
    expect(names('ceo', { codeIndex, memory })).toEqual(['file', 'memory']);
    for (const agent of registry.names()) expect(registry.get(agent).tools).toContain('memory');
  });
});
