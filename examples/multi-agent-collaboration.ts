/**
 * Multi-agent collaboration: several agents work on one task in parallel and a writer combines their
 * answers (AgentCollaborator); then one agent hands parts of a task down a delegation chain
 * (cto → architect → database) and gets the answers back as tool results.
 *
 *   npm run build && node examples/multi-agent-collaboration.ts
 *
 * Node 24 runs this TypeScript file directly (type stripping). It imports the built package from
 * `../dist/index.js`: relative `../src/*.js` imports do not resolve under type stripping, and inside this
 * repository the package cannot import itself by name (`automatosx`); in your own project, import from
 * 'automatosx' instead.
 *
 * It always uses the built-in simulator, so it needs no keys and prints the same thing every time. The
 * simulator's script stands in for the model's decision to delegate; a real model decides that itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentCollaborator,
  AgentRunStore,
  createProviderRouterFromConfig,
  loadAgentRegistry,
  openDatabase,
  runAgent,
} from '../dist/index.js';

const workspace = mkdtempSync(join(tmpdir(), 'ax-example-collaboration-'));
const providers = await createProviderRouterFromConfig({ cwd: workspace, env: {}, simulator: 'always' });
for (const notice of providers.notices) console.log(`note: ${notice}`);
const registry = loadAgentRegistry();
const runs = new AgentRunStore(openDatabase(join(workspace, 'runs.db')));
const shared = {
  client: providers.router,
  registry,
  workspace,
  permissions: 'read-only' as const,
  store: runs,
};

try {
  // 1. Three specialists review the same change at once; the writer turns their answers into one.
  console.log('\n== Parallel review, combined by the writer ==');
  const collaborator = new AgentCollaborator(shared);
  const review = await collaborator.collaborate(
    'Review the new checkout endpoint: it takes card details and writes the order to the database.',
    ['security', 'performance', 'quality'],
    'writer',
  );
  for (const outcome of review.outcomes) {
    console.log(
      `${outcome.agent}: ${outcome.ok ? `answered (${outcome.result.usage.outputTokens} tokens)` : `failed: ${outcome.error}`}`,
    );
  }
  console.log(`combined by: ${review.synthesis?.agent}`);
  console.log(`combined answer: ${review.text.slice(0, 100)}…`);
  console.log(
    `total: ${review.usage.inputTokens} input + ${review.usage.outputTokens} output tokens, simulated: ${review.simulated}`,
  );

  // 2. Delegation: the CTO asks the architect, who asks the database agent; answers flow back up.
  console.log('\n== Delegation chain ==');
  providers.simulator!.setScript([
    // Each agent's first turn: hand a subtask down the chain.
    {
      match: 'PLAN-MIGRATION',
      toolCall: {
        name: 'delegate',
        input: { agent: 'architect', task: 'ARCH-REVIEW: how should orders move to the new schema?' },
      },
    },
    {
      match: 'ARCH-REVIEW',
      toolCall: {
        name: 'delegate',
        input: { agent: 'database', task: 'DB-CHECK: can orders be backfilled online?' },
      },
    },
    { match: 'DB-CHECK', reply: 'backfill orders online in batches of 10,000 behind a dual-write flag.' },
    // Each agent's second turn: answer with what came back from below.
    {
      after: 'tool-result',
      match: '"agent":"architect"',
      reply: 'Migration plan: expand the schema, dual-write, backfill in batches of 10,000, then contract.',
    },
    {
      after: 'tool-result',
      match: '"agent":"database"',
      reply: 'Use expand-and-contract; the database agent says: backfill in batches of 10,000.',
    },
  ]);
  const plan = await runAgent({
    ...shared,
    agent: 'cto',
    task: 'PLAN-MIGRATION: plan the orders schema migration',
  });
  const printTree = (runId: string, depth: number) => {
    const run = runs.get(runId)!;
    console.log(`${'  '.repeat(depth)}${run.agent} (${run.status})`);
    for (const child of runs.children(runId)) printTree(child.id, depth + 1);
  };
  printTree(plan.runId, 0);
  const fromArchitect = plan.toolCalls[0]?.output as { agent: string; text: string } | undefined;
  console.log(`architect answered the cto: ${fromArchitect?.text}`);
  console.log(`cto's final answer: ${plan.text}`);
} finally {
  await providers.close();
}
