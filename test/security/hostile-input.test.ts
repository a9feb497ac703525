import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AgentProfileError, parseAgentProfile } from '../../src/agents/index.js';
import { validateConfigText } from '../../src/config/index.js';
import { AutomatosxError, ErrorKind } from '../../src/errors/index.js';
import { parseWorkflowUncached, WorkflowValidationError } from '../../src/workflows/index.js';
import { runCli } from '../helpers/cli.js';

const stepKinds = ['run', 'approval', 'workflow', 'agent', 'prompt'] as const;
const seed = 20261205;

/** Hostile fragments a generated document may carry: bombs, deep nesting, odd YAML, bad expressions. */
const aliasBomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]']
  .concat(
    Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
  )
  .join('\n');
const fragments = fc.constantFrom(
  aliasBomb,
  `x: ${'['.repeat(3000)}${']'.repeat(3000)}`,
  `x: ${'{a: '.repeat(300)}1${'}'.repeat(300)}`,
  `x:\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1`,
  `  ${'- '.repeat(500)}x`,
  `run: echo "\${{ ${'('.repeat(2000)}1${')'.repeat(2000)} }}"`,
  'run: echo "${{ steps. }}"',
  '${{',
  '*undefined_alias',
  '&anchor !!binary ~',
  '? [complex, key]\n: value',
  '"\\uD800 unpaired"',
  '\t- tab indented',
  '--- \n...\n---',
  'key: [unclosed',
);
const expressionText = fc.oneof(
  fc.constantFrom('inputs.x', 'steps.a.output', "contains('a', 'b')", 'item', 'env.HOME', '1 +', '((1))'),
  fc.string({ maxLength: 20 }),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  expressionText.map((text) => `\${{ ${text} }}`),
);
const stepArbitrary = fc.record(
  {
    key: fc.oneof(fc.constantFrom('a', 'b', 'c', 'build', 'lint-docs'), fc.string({ maxLength: 8 })),
    run: fc.oneof(scalar, fc.record({ command: scalar, shell: fc.constantFrom('/bin/sh', 'python3') })),
    agent: fc.constantFrom('backend', 'security', 'nobody'),
    prompt: scalar,
    dependsOn: fc.oneof(
      fc.constantFrom('a', 'b', 'c'),
      fc.array(fc.constantFrom('a', 'b', 'zz'), { maxLength: 3 }),
    ),
    if: scalar,
    forEach: scalar,
    retry: fc.record({ maxAttempts: fc.integer({ min: -1, max: 5 }) }),
    timeout: fc.oneof(fc.integer(), fc.string({ maxLength: 5 })),
  },
  { requiredKeys: [] },
);
const workflowValue = fc.record(
  {
    name: scalar,
    version: scalar,
    inputs: fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.record({ type: fc.constantFrom('string', 'number', 'x') }),
    ),
    steps: fc.array(stepArbitrary, { maxLength: 6 }),
    extra: fc.anything({ maxDepth: 2, maxKeys: 3 }),
  },
  { requiredKeys: [] },
);
const profileValue = fc.record(
  {
    name: fc.oneof(fc.constantFrom('tester', 'Bad Name'), fc.string({ maxLength: 10 })),
    displayName: scalar,
    role: scalar,
    team: fc.constantFrom('engineering', 'nope'),
    systemPrompt: scalar,
    tools: fc.array(fc.constantFrom('bash', 'file', 'web', 'teleport'), { maxLength: 4 }),
    capabilities: fc.anything({ maxDepth: 2, maxKeys: 3 }),
  },
  { requiredKeys: [] },
);
const configValue = fc.record(
  {
    providers: fc.dictionary(
      fc.constantFrom('claude', 'openai', 'x-y', 'Bad'),
      fc.record({ type: fc.constantFrom('openai', 'cli', 'x'), priority: fc.integer(), apiKeyEnv: scalar }),
    ),
    router: fc.anything({ maxDepth: 2, maxKeys: 3 }),
    logging: fc.record({ level: fc.constantFrom('info', 'loud') }),
  },
  { requiredKeys: [] },
);

/** A generated document as text: YAML or JSON, sometimes cut short or with a hostile fragment spliced in. */
function documentText(value: fc.Arbitrary<unknown>, json: boolean) {
  return fc
    .tuple(value, fc.option(fragments), fc.nat(), fc.option(fc.nat({ max: 400 })))
    .map(([data, fragment, at, cut]) => {
      let text = json ? JSON.stringify(data) : stringify(data);
      if (fragment !== null) {
        const position = at % (text.length + 1);
        text = `${text.slice(0, position)}\n${fragment}\n${text.slice(position)}`;
      }
      return cut === null ? text : text.slice(0, cut);
    });
}

function expectTypedRejection(error: unknown, issues: () => ReadonlyArray<{ line: number; column: number }>) {
  expect(AutomatosxError.isInstance(error), String(error)).toBe(true);
  expect((error as AutomatosxError).kind).toBe(ErrorKind.invalidInput);
  for (const issue of issues()) {
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.column).toBeGreaterThanOrEqual(1);
  }
}

describe('hostile input (issue 11, finding 4)', () => {
  it('the CLI refuses an alias bomb, deep nesting and a deep expression with file:line:col and exit 2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ax-hostile-'));
    const cases = {
      'bomb.yaml': `name: bomb\nsteps:\n  - key: a\n    run: echo\n${aliasBomb}\n`,
      'deep.yaml': `name: deep\nsteps:\n  - key: a\n    run: echo\nx: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
      'expression.yaml': `name: e\nsteps:\n  - key: a\n    run: echo "\${{ ${'('.repeat(2000)}1${')'.repeat(2000)} }}"\n`,
    };
    for (const [file, text] of Object.entries(cases)) writeFileSync(join(folder, file), text);
    const expected = {
      'bomb.yaml': /bomb\.yaml:6:\d+: aliases expand more than 100 times/,
      'deep.yaml': /deep\.yaml:5:\d+: brackets nested 65 deep/,
      'expression.yaml': /expression\.yaml:4:\d+: bad expression: the expression nests more than 32 levels/,
    };
    for (const [file, pattern] of Object.entries(expected)) {
      const result = await runCli(['workflow', 'validate', file], { cwd: folder });
      expect(result.code, file).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).not.toMatch(/RangeError|ReferenceError|\n\s+at /);
    }
  });

  it(`${4000 + 3000 + 3000} generated workflows, agent profiles and configs: no crash, every rejection typed and located`, () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((json) => documentText(workflowValue, json)),
        (text) => {
          try {
            parseWorkflowUncached(text, 'fuzz.yaml', { stepKinds: [...stepKinds] });
          } catch (error) {
            expectTypedRejection(error, () => {
              expect(error).toBeInstanceOf(WorkflowValidationError);
              return (error as WorkflowValidationError).issues;
            });
          }
        },
      ),
      { seed, numRuns: 4000 },
    );
    fc.assert(
      fc.property(documentText(profileValue, false), (text) => {
        try {
          parseAgentProfile(text, 'fuzz.yaml');
        } catch (error) {
          expectTypedRejection(error, () => {
            expect(error).toBeInstanceOf(AgentProfileError);
            return (error as AgentProfileError).issues;
          });
        }
      }),
      { seed, numRuns: 3000 },
    );
    fc.assert(
      fc.property(documentText(configValue, true), (text) => {
        for (const issue of validateConfigText(text, 'automatosx.config.json')) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed, numRuns: 3000 },
    );
  });
});
