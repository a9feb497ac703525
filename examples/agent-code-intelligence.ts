/**
 * An agent that finds its way around a codebase: a small project is indexed (tree-sitter symbols and
 * full-text chunks in SQLite), the security agent looks up code through its `code-intelligence` tool
 * (search, definition, read a range) and answers; its outcome is remembered, and a later run on a
 * similar task is given that memory.
 *
 *   npm run build && node examples/agent-code-intelligence.ts
 *
 * Node 24 runs this TypeScript file directly (type stripping). It imports the built package from
 * `../dist/index.js`; in your own project, import from 'automatosx' instead.
 *
 * It always uses the built-in simulator, so it needs no keys. The `[[tool:…]]` directives in the task
 * stand in for the model's decision to call the tool (a real model decides that itself); the tool calls
 * themselves are real, against the real index, and the simulated answer summarises what they returned.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentRunStore,
  createCodeIndex,
  createMemory,
  createProviderRouterFromConfig,
  loadAgentRegistry,
  openDatabase,
  runAgent,
} from '../dist/index.js';

// A copy of the bundled sample project, so the example never touches the repository.
const home = mkdtempSync(join(tmpdir(), 'ax-example-code-'));
const project = join(home, 'orders-service');
cpSync(new URL('../demo/sample-project/', import.meta.url), project, { recursive: true });

// One database holds the code index, agent runs and memories, as `ax run` does.
const db = openDatabase(join(home, 'automatosx.db'));
const codeIndex = createCodeIndex({ db, root: project });
const memory = createMemory({ db });
const providers = await createProviderRouterFromConfig({ cwd: home, env: {}, simulator: 'always' });
for (const notice of providers.notices) console.log(`note: ${notice}`);

try {
  console.log('\n== Index the project ==');
  // Indexing up front is optional: the tool brings the index up to date on a run's first use anyway.
  const report = await codeIndex.index();
  const stats = codeIndex.stats();
  console.log(
    `indexed ${report.parsed} files (${stats.symbols} symbols, ${stats.byLanguage.map((l) => l.language).join(', ')})`,
  );

  console.log('\n== The security agent looks for SQL built from user input ==');
  const result = await runAgent({
    agent: 'security',
    task:
      'Find where SQL queries are built from user input and say where. ' +
      '[[tool:code-intelligence {"action":"search","query":"SELECT customer"}]] ' +
      '[[tool:code-intelligence {"action":"read","path":"src/orders.js","startLine":5,"endLine":7}]] ' +
      '[[tool:code-intelligence {"action":"definition","name":"findOrders"}]]',
    client: providers.router,
    registry: loadAgentRegistry(),
    workspace: project,
    permissions: 'read-only',
    codeIndex,
    memory,
    store: new AgentRunStore(db),
  });
  for (const call of result.toolCalls) {
    const input = call.input as { action: string; query?: string; name?: string; path?: string };
    console.log(`→ code-intelligence ${input.action} ${input.query ?? input.name ?? input.path}`);
    if (call.error) console.log(`  error: ${call.error}`);
    else if (input.action === 'search') {
      for (const hit of call.output as Array<{ location: string; snippet: string }>)
        console.log(`  ${hit.location}  ${hit.snippet.split('\n')[0]?.trim()}`);
    } else if (input.action === 'definition') {
      for (const hit of call.output as Array<{ location: string; kind: string; signature: string }>)
        console.log(`  ${hit.location}  ${hit.signature} (${hit.kind})`);
    } else {
      console.log(`${(call.output as { text: string }).text.replace(/^/gm, '  ')}`);
    }
  }
  console.log(`answer: ${result.text}`);
  console.log(`simulated: ${result.simulated}`);

  console.log('\n== A later run on a similar task is given what the first one found ==');
  const [remembered] = memory.list({ agent: 'security' });
  console.log(`remembered: ${remembered?.content.slice(0, 100)}…`);
  let recalled = 0;
  await runAgent({
    agent: 'security',
    task: 'Check whether the orders SQL queries are safe from injection now',
    client: providers.router,
    registry: loadAgentRegistry(),
    workspace: project,
    permissions: 'read-only',
    codeIndex,
    memory,
    onEvent: (event) => {
      if (event.type === 'memory-recalled') recalled += event.entries.length;
    },
  });
  console.log(`recalled ${recalled} memor${recalled === 1 ? 'y' : 'ies'} from earlier runs`);
} finally {
  await providers.close();
  db.close();
}
