import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowFile, WorkflowValidationError } from '../../src/workflows/index.js';
import { repositoryRoot } from '../e2e/sample-project.js';
import { runMain } from '../helpers/run-main.js';

/** `ax workflow validate` on output schemas and on what expressions read from structured outputs. */
let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'ax-typed-validate-')));
});

const options = { stepKinds: ['run', 'agent', 'prompt'] as const };

function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function issuesOf(file: string) {
  const error = await loadWorkflowFile(file, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(WorkflowValidationError);
  return (error as WorkflowValidationError).issues.map((issue) => ({
    where: `${issue.file.split('/').at(-1)}:${issue.line}:${issue.column}`,
    message: issue.message,
  }));
}

const triageStep = [
  'name: typed',
  'steps:',
  '  - key: triage',
  '    prompt: Triage the build',
  '    output:',
  '      schema:',
  '        type: object',
  '        properties:',
  '          severity: { type: string, enum: [low, medium, high] }',
  '          files: { type: array, items: { type: object, properties: { path: { type: string } } } }',
  '        required: [severity, files]',
];

describe('references to a structured output', () => {
  it('reports steps.triage.output.sevrity with the nearest name, at the word', async () => {
    const file = write('sevrity.yaml', [
      ...triageStep,
      '  - key: notify',
      '    dependsOn: triage',
      "    if: ${{ steps.triage.output.sevrity == 'high' }}",
      '    prompt: Tell the team',
    ]);
    expect(await issuesOf(file)).toEqual([
      {
        where: 'sevrity.yaml:14:33',
        message:
          "steps.triage.output has no property 'sevrity' in the output schema of step 'triage' — did you mean 'severity'? It has: severity, files",
      },
    ]);
  });

  it('follows lists and nested objects, and accepts what the schema has', async () => {
    const file = write('nested.yaml', [
      ...triageStep,
      '  - key: fix',
      '    dependsOn: triage',
      '    forEach: ${{ steps.triage.output.files }}',
      '    prompt: Fix ${{ item.path }} (${{ steps.triage.output.files[0].path }}, ${{ steps.triage.output.files.length }} files)',
      '  - key: oops',
      '    dependsOn: triage',
      '    prompt: ${{ steps.triage.output.files[0].pth }}',
    ]);
    const issues = await issuesOf(file);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe(
      "steps.triage.output.files.0 has no property 'pth' in the output schema of step 'triage' — did you mean 'path'? It has: path",
    );
  });

  it('checks what a forEach over an output walks: a list, whose items have the names read', async () => {
    const file = write('foreach.yaml', [
      ...triageStep,
      '  - key: fix',
      '    dependsOn: triage',
      '    forEach: ${{ steps.triage.output.files }}',
      '    prompt: Fix ${{ item.pth }}',
      '  - key: wrong',
      '    dependsOn: triage',
      '    forEach: ${{ steps.triage.output.severity }}',
      '    prompt: Fix ${{ item }}',
    ]);
    expect(await issuesOf(file)).toEqual([
      {
        where: 'foreach.yaml:15:26',
        message:
          "item has no property 'pth': the items of this forEach come from ${{ steps.triage.output.files }}, whose schema declares path — did you mean 'path'?",
      },
      {
        where: 'foreach.yaml:18:18',
        message:
          "step 'wrong': forEach needs a list, but steps.triage.output.severity is string in the output schema of step 'triage'",
      },
    ]);
  });

  it('checks references against a schema kept in another file', async () => {
    mkdirSync(join(dir, 'schemas'), { recursive: true });
    writeFileSync(
      join(dir, 'schemas', 'triage.json'),
      JSON.stringify({
        definitions: { Triage: { type: 'object', properties: { severity: { type: 'string' } } } },
      }),
    );
    const ok = write('ref-ok.yaml', [
      'name: ref',
      'steps:',
      '  - key: triage',
      '    prompt: Triage',
      '    output: { schema: { $ref: schemas/triage.json#/definitions/Triage } }',
      '  - key: next',
      '    dependsOn: triage',
      '    prompt: ${{ steps.triage.output.severity }}',
    ]);
    const loaded = await loadWorkflowFile(ok, options);
    expect(loaded.definition.steps[0]!.output?.schema).toEqual({
      type: 'object',
      properties: { severity: { type: 'string' } },
    });
    const bad = write('ref-bad.yaml', [
      'name: ref',
      'steps:',
      '  - key: triage',
      '    prompt: Triage',
      '    output: { schema: { $ref: schemas/triage.json#/definitions/Triage } }',
      '  - key: next',
      '    dependsOn: triage',
      '    prompt: ${{ steps.triage.output.severty }}',
    ]);
    expect((await issuesOf(bad))[0]).toEqual({
      where: 'ref-bad.yaml:8:37',
      message:
        "steps.triage.output has no property 'severty' in the output schema of step 'triage' — did you mean 'severity'? It has: severity",
    });
  });
});

describe('bad output schemas', () => {
  it('points at the line of a wrong type and of an unknown keyword', async () => {
    const file = write('bad-schema.yaml', [
      'name: bad',
      'steps:',
      '  - key: triage',
      '    prompt: Triage',
      '    output:',
      '      schema:',
      '        type: object',
      '        propertes:',
      '          severity: { type: strnig }',
    ]);
    expect(await issuesOf(file)).toEqual([
      {
        where: 'bad-schema.yaml:8:9',
        message: "step 'triage': output schema at propertes unknown JSON Schema keyword 'propertes'",
      },
    ]);
    const typo = write('bad-type.yaml', [
      'name: bad',
      'steps:',
      '  - key: triage',
      '    prompt: Triage',
      '    output:',
      '      schema:',
      '        type: object',
      '        properties:',
      '          severity: { type: strnig }',
    ]);
    expect(await issuesOf(typo)).toEqual([
      {
        where: 'bad-type.yaml:9:29',
        message:
          "step 'triage': output schema at properties.severity.type must be one of array, boolean, integer, null, number, object, string",
      },
    ]);
  });

  it('locates a problem inside a schema file in that file', async () => {
    writeFileSync(join(dir, 'broken.schema.yaml'), 'type: object\nproperties:\n  severity:\n    enum: low\n');
    const file = write('broken-ref.yaml', [
      'name: broken',
      'steps:',
      '  - key: triage',
      '    prompt: Triage',
      '    output:',
      '      schema: { $ref: broken.schema.yaml }',
      '  - key: missing',
      '    prompt: Triage',
      '    output:',
      '      schema: { $ref: nowhere.json }',
    ]);
    const issues = await issuesOf(file);
    expect(issues).toContainEqual({
      where: 'broken.schema.yaml:4:11',
      message: "output schema of step 'triage' at properties.severity.enum: must be array",
    });
    expect(issues.find((issue) => issue.where.startsWith('broken-ref.yaml:10:'))?.message).toMatch(
      /step 'missing': output schema file nowhere.json cannot be read \(ENOENT/,
    );
  });

  it('refuses output on a step that does not ask a model', async () => {
    const file = write('run-output.yaml', [
      'name: run',
      'steps:',
      '  - key: build',
      '    run: make',
      '    output: { schema: { type: object } }',
    ]);
    expect(await issuesOf(file)).toEqual([
      {
        where: 'run-output.yaml:5:5',
        message:
          "step 'build' is a run step; output schemas are for agent and prompt steps, whose answers come from a model",
      },
    ]);
  });
});

describe('ax workflow validate', () => {
  it('exits 2 with file:line:col and the nearest name', async () => {
    const file = write('cli.yaml', [
      ...triageStep,
      '  - key: notify',
      '    dependsOn: triage',
      "    if: ${{ steps.triage.output.sevrity == 'high' }}",
      '    prompt: Tell the team',
    ]);
    const result = await runMain(['workflow', 'validate', file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}:14:33`);
    expect(result.err).toContain("did you mean 'severity'?");
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('accepts the triage sample', async () => {
    const result = await runMain([
      'workflow',
      'validate',
      join(repositoryRoot, 'workflows', 'triage.yaml'),
      '--json',
    ]);
    expect(result.code, result.err).toBe(0);
  });
});

describe('ax workflow status', () => {
  it('pretty-prints structured outputs, and --json gives them as JSON', async () => {
    const db = join(dir, 'status.db');
    const run = await runMain([
      'workflow',
      'run',
      join(repositoryRoot, 'workflows', 'triage.yaml'),
      '--db',
      db,
    ]);
    expect(run.code, run.err).toBe(0);
    const id = /run (ex-\S+) /.exec(run.out)?.[1];
    expect(id).toBeDefined();
    const json = await runMain(['workflow', 'status', id!, '--db', db, '--json']);
    const detail = JSON.parse(json.out) as { steps: { key: string; output: unknown }[] };
    const triage = detail.steps.find((step) => step.key === 'triage')?.output as { severity: string };
    expect(triage).toMatchObject({ files: ['src/orders.js', 'src/server.js', 'test/orders.test.js'] });
    const text = await runMain(['workflow', 'status', id!, '--db', db]);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    const at = lines.findIndex((line) => /^ {2}triage +succeeded/.test(line));
    expect(lines.slice(at + 1, at + 4)).toEqual([
      '      {',
      `        "severity": "${triage.severity}",`,
      '        "files": [',
    ]);
  });
});
