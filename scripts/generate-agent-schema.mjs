// Writes schema/agent.schema.json from the zod profile schema, the single source of truth.
// Usage: node scripts/generate-agent-schema.mjs [--check]   (--check exits 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';

const target = new URL('../schema/agent.schema.json', import.meta.url);

// The source, not dist: a stale build must not produce a stale schema. Node >= 22.18 strips the types itself.
const loadSchema = () => import('../src/agents/agent-profile-schema.ts');

export async function agentJsonSchema() {
  const { z } = await import('zod');
  const { AgentProfileSchema } = await loadSchema();
  const schema = z.toJSONSchema(AgentProfileSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ $id: 'https://automatosx.dev/schema/agent.schema.json', ...schema }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await agentJsonSchema();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      process.stderr.write('schema/agent.schema.json is stale: run node scripts/generate-agent-schema.mjs\n');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}
