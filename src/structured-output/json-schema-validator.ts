import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { jsonPointer, type OutputIssue } from './output-issue.js';

/** A JSON Schema document: an object (or `true`/`false`, which JSON Schema also allows). */
export type JsonSchema = Record<string, unknown>;

export type SchemaCheck<T = unknown> = { ok: true; value: T } | { ok: false; issues: OutputIssue[] };

// ajv-formats is CommonJS assigned to module.exports: the default import is the plugin at run time,
// though NodeNext types it as the module namespace.
const addFormats = addFormatsModule as unknown as FormatsPlugin;

/**
 * Ajv, the reference JSON Schema validator, for draft-07 schemas (what the AI SDK and the providers'
 * structured-output modes take). `allErrors` lists every path that does not match, not only the first.
 * Ajv's strict mode stays off: it would refuse valid schemas (`x-` extensions, `required` names not in
 * `properties`); `checkJsonSchema` reports misspelt keywords and unknown formats with their paths.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  return ajv;
}

let shared: Ajv | undefined;
/** One Ajv for the process: it caches compiled schemas by content. */
export function sharedAjv(): Ajv {
  shared ??= createAjv();
  return shared;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Ajv's errors in words, each at the path of the value at fault (a missing property at its own path). */
export function issuesOf(errors: readonly ErrorObject[], value: unknown): OutputIssue[] {
  const issues: OutputIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let path = error.instancePath;
    let message: string;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        path += jsonPointer([String(params.missingProperty)]);
        message = 'is required but missing';
        break;
      case 'additionalProperties':
        path += jsonPointer([String(params.additionalProperty)]);
        message = 'is not a property the schema allows';
        break;
      case 'enum':
        message = `must be one of ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ')} (got ${describeValue(valueAt(value, path))})`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params.allowedValue)} (got ${describeValue(valueAt(value, path))})`;
        break;
      case 'type':
        message = `must be ${String(params.type)} (got ${describeValue(valueAt(value, path))})`;
        break;
      case 'anyOf':
      case 'oneOf':
        message = `${error.message ?? 'does not match'} (got ${describeValue(valueAt(value, path))})`;
        break;
      default:
        message = error.message ?? `fails ${error.keyword}`;
    }
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
  }
  return issues;
}

/**
 * The schema without its `$id`: Ajv registers schemas by id, so two different schemas that happen to
 * share one (two workflows, two versions of a file) would clash in the shared instance.
 */
export function anonymous(schema: JsonSchema): JsonSchema {
  if (!('$id' in schema)) return schema;
  const { $id: _id, ...rest } = schema;
  return rest;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * Compiles a schema once per distinct content (a forEach over many items checks each answer against
 * the same schema). Throws Ajv's error for a schema it cannot compile; `checkJsonSchema` explains such
 * schemas with their paths before a workflow runs.
 */
export function compileJsonSchema(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    if (compiled.size >= 500) {
      // Ajv keeps every schema it compiled; dropping ours without its copies would only move the leak.
      compiled.clear();
      sharedAjv().removeSchema();
    }
    validate = sharedAjv().compile(anonymous(schema));
    compiled.set(key, validate);
  }
  return validate;
}

/** Checks a value against a JSON Schema; every path that does not match is an issue. */
export function validateJsonSchema(schema: JsonSchema, value: unknown): SchemaCheck {
  const validate = compileJsonSchema(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, issues: issuesOf(validate.errors ?? [], value) };
}
