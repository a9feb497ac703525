import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { type AgentEvent, registryFromYaml, runAgent } from '../../src/agents/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../../src/providers/index.js';
import { OutputSchemaError } from '../../src/structured-output/index.js';
import { runMain } from '../helpers/run-main.js';

/** `runAgent({ output })` end to end: the real runtime and router, the simulator over HTTP, no keys. */
function agent(name: string, provider: string, tools = ''): string {
  return `name: ${name}
displayName: ${name}
role: triage
team: engineering
description: triages build failures
systemPrompt: '${'You triage build failures and say which files matter and how bad it is. '.repeat(3)}'
specializations: [triage]
capabilities:
  - name: Triage
    confidence: 0.8
    keywords: [triage]
${tools}preferences:
  provider: ${provider}
`;
}

const registry = registryFromYaml({
  'claude.yaml': agent('triager', 'simulator-claude'),
  'gemini.yaml': agent('gemini-triager', 'simulator-gemini'),
  'openai.yaml': agent('openai-triager', 'simulator-openai'),
  'tools.yaml': agent('reader', 'simulator-claude', 'tools: [file]\n'),
});

const Triage = z.object({
  severity: z.enum(['low', 'medium', 'high']),
  files: z.array(z.string()).min(1),
  summary: z.string(),
});

let configured: ConfiguredRouter;
let workspace: string;
beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ax-typed-')));
  configured = await createProviderRouterFromConfig({
    cwd: workspace,
    env: {},
    simulator: 'always',
    config: { providers: {}, router: { backoffBaseMs: 1, backoffCapMs: 2 } },
  });
});
afterAll(() => configured?.close());
beforeEach(() => configured.simulator!.reset());

const task = 'Triage the failing build: src/auth/login.ts and src/db/pool.ts changed.';
const base = () => ({
  task,
  client: configured.router,
  registry,
  workspace,
  permissions: 'read-only' as const,
});

describe('runAgent with an output schema', () => {
  it.each(['triager', 'gemini-triager', 'openai-triager'])(
    '%s returns a typed object that matches the zod schema, labelled simulated',
    async (name) => {
      const result = await runAgent({ ...base(), agent: name, output: Triage });
      expectTypeOf(result.object).toEqualTypeOf<z.infer<typeof Triage>>();
      expect(Triage.parse(result.object)).toEqual(result.object);
      expect(result.object.files).toEqual(['src/auth/login.ts', 'src/db/pool.ts']);
      expect(result.object.summary).toMatch(/^\[simulated\]/);
      expect(result.simulated).toBe(true);
      expect(result.repaired).toBe(false);
      expect(JSON.parse(result.text)).toEqual(result.object);
    },
  );

  it('repairs a non-conforming first answer with one more request that lists the paths', async () => {
    configured.simulator!.setScript([{ object: { severity: 'urgent', files: [] }, times: 1 }]);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      ...base(),
      agent: 'triager',
      output: Triage,
      onEvent: (e) => events.push(e),
    });
    expect(result.repaired).toBe(true);
    expect(Triage.safeParse(result.object).success).toBe(true);
    expect(result.steps).toBe(2);
    const repair = events.find((event) => event.type === 'output-repair');
    expect(repair).toMatchObject({ type: 'output-repair' });
    const paths = repair?.type === 'output-repair' ? repair.issues.map((issue) => issue.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['/severity', '/files', '/summary']));
    expect(configured.simulator!.stats().anthropic?.requests).toBe(2);
  });

  it('throws OutputSchemaError listing the paths when the repaired answer is wrong too', async () => {
    configured.simulator!.setScript([{ object: { severity: 'urgent', files: ['a.ts'] }, times: 2 }]);
    const error = await runAgent({ ...base(), agent: 'triager', output: Triage }).catch((e: unknown) => e);
    expect(OutputSchemaError.isInstance(error)).toBe(true);
    const mismatch = error as OutputSchemaError;
    expect(mismatch.code).toBe('output-schema-mismatch');
    expect(mismatch.issues.map((issue) => issue.path).sort()).toEqual(['/severity', '/summary']);
    expect(mismatch.message).toContain('/severity');
    expect(JSON.parse(mismatch.answer)).toEqual({ severity: 'urgent', files: ['a.ts'] });
  });

  it('treats an answer that is not JSON as a mismatch to repair', async () => {
    configured.simulator!.setScript([{ reply: 'It looks bad, mostly the login code.', times: 1 }]);
    const events: AgentEvent[] = [];
    const result = await runAgent({
      ...base(),
      agent: 'triager',
      output: Triage,
      onEvent: (e) => events.push(e),
    });
    expect(result.repaired).toBe(true);
    const repair = events.find((event) => event.type === 'output-repair');
    expect(repair?.type === 'output-repair' && repair.issues[0]?.message).toMatch(/not JSON/);
  });

  it('lets an agent use its tools and still end with the structured answer', async () => {
    const result = await runAgent({
      ...base(),
      agent: 'reader',
      task: `${task} [[tool:file {"action":"list","path":"."}]]`,
      output: Triage,
    });
    expect(result.toolCalls.map((call) => call.toolName)).toEqual(['file']);
    expect(result.toolCalls[0]?.error).toBeUndefined();
    expect(Triage.safeParse(result.object).success).toBe(true);
  });

  it('takes a JSON Schema as well', async () => {
    const result = await runAgent({
      ...base(),
      agent: 'triager',
      stream: false,
      output: {
        schema: {
          type: 'object',
          properties: { verdict: { type: 'string', enum: ['pass', 'fail'] } },
          required: ['verdict'],
        },
      },
    });
    expect(['pass', 'fail']).toContain((result.object as { verdict: string }).verdict);
  });
});

describe('ax run --output-schema', () => {
  it('prints the checked object as JSON, and refuses a bad schema with file:line:col (exit 2)', async () => {
    const good = join(workspace, 'triage.schema.yaml');
    writeFileSync(
      good,
      'type: object\nproperties:\n  severity: { type: string, enum: [low, medium, high] }\n  files: { type: array, items: { type: string } }\nrequired: [severity, files]\n',
    );
    const bad = join(workspace, 'bad.schema.yaml');
    writeFileSync(bad, 'type: object\nproperties:\n  severity: { type: strnig }\n');
    const common = ['--db', join(workspace, 'ax.db'), '--workspace', workspace, '--no-memory', '--simulator'];
    const ok = await runMain(['run', 'quality', `${task}`, '--output-schema', good, '--json', ...common]);
    expect(ok.code, ok.err).toBe(0);
    const result = JSON.parse(ok.out) as {
      object: { severity: string; files: string[] };
      simulated: boolean;
    };
    expect(['low', 'medium', 'high']).toContain(result.object.severity);
    expect(result.object.files).toEqual(['src/auth/login.ts', 'src/db/pool.ts']);
    expect(result.simulated).toBe(true);

    const refused = await runMain(['run', 'quality', task, '--output-schema', bad, ...common]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${bad}:3:21: --output-schema at properties.severity.type: must be one of`);
    expect(refused.err).not.toMatch(/\n\s+at /);
  });
});
