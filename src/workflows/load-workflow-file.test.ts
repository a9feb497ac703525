// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import { loadWorkflowFile } from './load-workflow-file.js';
import type { ValidateOptions } from './parse-workflow.js';
import { WorkflowValidationError } from './workflow-validation-error.js';

const fixtures = resolve(import.meta.dirname, '../../test/fixtures/workflows');
const options: ValidateOptions = { stepKinds: ['run', 'approval', 'workflow'] };
const scratch = mkdtempSync(join(tmpdir(), 'ax-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function failure(path: string): Promise<WorkflowValidationError> {
  try {
    await loadWorkflowFile(path, options);
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('loadWorkflowFile: the sample workflows', () => {
  it.each([
    'run-pipeline.yaml',
    'run-pipeline.json',
    'for-each.yaml',
    'approval.yaml',
    'with-sub-workflow.yaml',
  ])('%s is valid', async (name) => {
    const loaded = await loadWorkflowFile(join(fixtures, name), options);
    expect(loaded.file).toBe(join(fixtures, name));
    expect(loaded.definition.steps.length).toBeGreaterThan(0);
  });

  it('loads a sub-workflow relative to its parent, keyed by step', async () => {
    const loaded = await loadWorkflowFile(join(fixtures, 'with-sub-workflow.yaml'), options);
    const child = loaded.subWorkflows.get('release');
    expect(child?.file).toBe(join(fixtures, 'sub/release.yaml'));
    expect(child?.definition.name).toBe('release');
    expect(child?.source).toContain('name: release');
    expect(child?.subWorkflows.size).toBe(0);
  });
});

describe('loadWorkflowFile: problems', () => {
  it('refuses a sub-workflow cycle, naming the files', async () => {
    const error = await failure(join(fixtures, 'invalid/sub-cycle-a.yaml'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ line: 4, column: 15 });
    expect(error.issues[0]?.file).toMatch(/sub-cycle-b\.yaml$/);
    expect(error.issues[0]?.message).toMatch(
      /step 'back-to-a' makes a sub-workflow cycle: .*sub-cycle-a\.yaml → .*sub-cycle-b\.yaml → .*sub-cycle-a\.yaml/,
    );
  });

  it('refuses a missing sub-workflow file, naming the step and line', async () => {
    const error = await failure(join(fixtures, 'invalid/missing-sub-workflow.yaml'));
    expect(error.issues[0]).toMatchObject({ line: 4, column: 15 });
    expect(error.issues[0]?.message).toContain(
      "step 'child': sub-workflow file does-not-exist.yaml not found",
    );
  });

  it('reports problems inside a sub-workflow with the child file and its lines', async () => {
    writeFileSync(
      join(scratch, 'parent.yaml'),
      'name: parent\nsteps:\n  - key: kid\n    workflow: child.yaml\n',
    );
    writeFileSync(
      join(scratch, 'child.yaml'),
      'name: child\nsteps:\n  - key: a\n    dependsOn: nope\n    run: x\n',
    );
    const error = await failure(join(scratch, 'parent.yaml'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.file).toMatch(/child\.yaml$/);
    expect(error.issues[0]).toMatchObject({ line: 4, column: 16 });
  });

  it('checks with against the inputs the sub-workflow declares', async () => {
    writeFileSync(
      join(scratch, 'caller.yaml'),
      'name: caller\nsteps:\n  - key: kid\n    workflow: needs.yaml\n    with:\n      verison: 1\n',
    );
    writeFileSync(
      join(scratch, 'needs.yaml'),
      'name: needs\ninputs:\n  version: {required: true}\nsteps:\n  - key: a\n    run: echo ${{ inputs.version }}\n',
    );
    const error = await failure(join(scratch, 'caller.yaml'));
    expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([
      "4:15 step 'kid' does not pass required input 'version' of sub-workflow 'needs'; add it under with:",
      "6:7 step 'kid' passes 'verison', which sub-workflow 'needs' does not declare; its inputs: version",
    ]);
  });

  it('refuses a file that does not exist with a clear error', async () => {
    const promise = loadWorkflowFile(join(scratch, 'absent.yaml'), options);
    await expect(promise).rejects.toThrow(/absent\.yaml not found/);
    await expect(promise).rejects.toSatisfy((error) => InvalidInputError.isInstance(error));
  });

  it('reports bad YAML with its position', async () => {
    writeFileSync(
      join(scratch, 'broken.yaml'),
      'name: broken\nsteps:\n  - key: a\n    run: [echo, a\n  - key: b\n',
    );
    const error = await failure(join(scratch, 'broken.yaml'));
    expect(error.issues[0]).toMatchObject({ line: 5, column: 3 });
    expect(error.message).toContain('broken.yaml:5:3: YAML syntax:');
  });
});
