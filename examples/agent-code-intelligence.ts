/**
 * An agent that navigates code through the code index: the folder is indexed with tree-sitter (symbols)
 * and FTS5 (text), then the quality agent uses its `code-intelligence` tool to find where a symbol is
 * defined, search for its uses and read the lines around the definition before it answers.
 *
 *   npm run build && node examples/agent-code-intelligence.ts [folder] [symbol]
 *   node examples/agent-code-intelligence.ts src/workflows createEngine      (the defaults)
 *
 * Node 24 runs this TypeScript file directly (type stripping). It imports the built package from
 * `../dist/…`: relative `../src/*.js` imports do not resolve under type stripping, and inside this
 * repository the package cannot import itself by name (`automatosx`); in your own project, import from
 * 'automatosx' instead.
 *
 * It uses the built-in simulator, whose `[[tool:…]]` directives stand in for the model's choice of tool
 * calls; a real model picks its own. The index, the tool and its results are real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCodeIndex } from '../dist/code/index.js';
import { createProviderRouterFromConfig, loadAgentRegistry, runAgent } from '../dist/index.js';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../src/workflows/', import.meta.url)));
const symbol = process.argv[3] ?? 'createEngine';
const scratch = mkdtempSync(join(tmpdir(), 'ax-example-code-'));

const codeIndex = createCodeIndex({ dbPath: join(scratch, 'code.db'), root });
const report = await codeIndex.index();
console.log(`indexed ${report.scanned} files under ${root} (${report.parsed} parsed)`);
const [definition] = codeIndex.definition(symbol);
console.log(
  definition
    ? `the index finds ${symbol}: ${definition.kind} in ${definition.path}:${definition.startLine}`
    : `the index has no definition of ${symbol}`,
);

const providers = await createProviderRouterFromConfig({ cwd: root, env: {}, simulator: 'always' });
for (const notice of providers.notices) console.log(`note: ${notice}`);
try {
  const startLine = definition?.startLine ?? 1;
  const task =
    `Explain what ${symbol} does and who uses it. ` +
    `[[tool:code-intelligence {"action":"definition","name":"${symbol}"}]] ` +
    `[[tool:code-intelligence {"action":"search","query":"${symbol}","limit":5}]] ` +
    (definition
      ? `[[tool:code-intelligence {"action":"read","path":"${definition.path}","startLine":${startLine},"endLine":${startLine + 5}}]]`
      : '');
  const result = await runAgent({
    agent: 'quality',
    task,
    client: providers.router,
    registry: loadAgentRegistry(),
    workspace: root,
    permissions: 'read-only',
    codeIndex,
  });
  for (const call of result.toolCalls) {
    const input = call.input as { action: string };
    const output = JSON.stringify(call.output ?? call.error);
    console.log(
      `tool ${call.toolName} ${input.action}: ${output.slice(0, 160)}${output.length > 160 ? '…' : ''}`,
    );
  }
  console.log(`quality answered after ${result.steps} model calls: ${result.text.slice(0, 160)}…`);
} finally {
  await providers.close();
  codeIndex.close();
}
