import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { checkJsonSchema, type JsonSchema } from '../structured-output/index.js';
import { locateIssues } from './parse-workflow.js';
import { schemaFileRef } from './validate-output-schemas.js';
import type { WorkflowIssue } from './validate-workflow.js';
import type { WorkflowDefinition } from './workflow-schema.js';
import type { ValidationIssue } from './workflow-validation-error.js';

export interface LoadedOutputSchemas {
  /** The schemas read from files, by step key; the definition's `output.schema` now holds them inline. */
  schemas: Map<string, JsonSchema>;
  /** Problems in the workflow file (a file not found), as paths to locate there. */
  issues: WorkflowIssue[];
  /** Problems inside schema files, already located in those files. */
  fileIssues: ValidationIssue[];
}

function pointerSegments(fragment: string): (string | number)[] {
  return fragment
    .split('/')
    .filter(Boolean)
    .map((raw) => decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export type SchemaFileResult =
  | { ok: true; schema: JsonSchema }
  | { ok: false; issues: ValidationIssue[] }
  | { ok: false; unreadable: string };

/**
 * Reads a JSON Schema from a JSON or YAML file (optionally the part at `#/pointer`) and checks it. Each
 * problem is located in that file (`shown` names it), its message starting with `label`.
 */
export async function readJsonSchemaFile(
  file: string,
  shown: string,
  fragment: string,
  label: string,
): Promise<SchemaFileResult> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, unreadable: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { file: shown, line, column: col, path: [], message: `not JSON or YAML: ${error.message}` };
      }),
    };
  }
  const prefix = pointerSegments(fragment);
  const schema = valueAt(document.toJS(), prefix);
  if (schema === undefined) {
    return {
      ok: false,
      issues: [{ file: shown, line: 1, column: 1, path: [], message: `${label}: nothing at #${fragment}` }],
    };
  }
  const problems = checkJsonSchema(schema);
  if (problems.length === 0) return { ok: true, schema: schema as JsonSchema };
  const issues = locateIssues(
    source,
    shown,
    problems.map((problem) => ({
      path: [...prefix, ...problem.path],
      ...(problem.message.startsWith('unknown JSON Schema keyword') ? { at: 'key' as const } : {}),
      message: `${label}${problem.path.length > 0 ? ` at ${problem.path.join('.')}` : ''}: ${problem.message}`,
    })),
  );
  return { ok: false, issues };
}

/**
 * Reads the schema of each `output: { schema: { $ref: file } }` (relative to the workflow file, JSON or
 * YAML, with an optional `#/pointer`), checks it, and puts it inline in `definition`, so the stored
 * workflow (what a resume runs) carries the schema it started with.
 */
export async function loadOutputSchemas(
  workflowFile: string,
  shownFile: (file: string) => string,
  definition: WorkflowDefinition,
): Promise<LoadedOutputSchemas> {
  const result: LoadedOutputSchemas = { schemas: new Map(), issues: [], fileIssues: [] };
  await Promise.all(
    definition.steps.map(async (step, index) => {
      const output = step.output;
      const ref = output === undefined ? undefined : schemaFileRef(output.schema);
      if (output === undefined || ref === undefined) return;
      const [relativePath = '', fragment = ''] = ref.split('#', 2);
      const file = resolve(dirname(workflowFile), relativePath);
      const read = await readJsonSchemaFile(
        file,
        shownFile(file),
        fragment,
        `output schema of step '${step.key}'`,
      );
      if (read.ok) {
        output.schema = read.schema;
        result.schemas.set(step.key, read.schema);
      } else if ('unreadable' in read) {
        result.issues.push({
          path: ['steps', index, 'output', 'schema', '$ref'],
          message: `step '${step.key}': output schema file ${relativePath} cannot be read (${read.unreadable}; looked for ${file})`,
        });
      } else result.fileIssues.push(...read.issues);
    }),
  );
  return result;
}
