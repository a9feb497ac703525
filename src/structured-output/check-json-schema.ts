import type { ErrorObject } from 'ajv';
import { compileJsonSchema, type JsonSchema, sharedAjv } from './json-schema-validator.js';

/** A problem in a schema itself, at a path inside the schema (to locate it in the file that holds it). */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Keywords whose value is a schema, a list of schemas or a map of schemas: where to look for nested ones. */
const schemaKeywords = new Set(['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains']);
const schemaListKeywords = new Set(['allOf', 'anyOf', 'oneOf', 'items', 'prefixItems']);
const schemaMapKeywords = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
]);

/**
 * Keywords Ajv does not know (a typo such as `propertes`) and formats it cannot check, found by walking
 * every nested schema; `x-` keywords are extensions and pass.
 */
function unknownKeywords(schema: unknown, path: (string | number)[], out: SchemaProblem[]): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const ajv = sharedAjv();
  for (const [keyword, value] of Object.entries(schema)) {
    // RULES.keywords also holds the annotation keywords (title, description, default, examples, $id…),
    // which have no validation rule of their own and so are unknown to getKeyword.
    if (ajv.RULES.keywords[keyword] === undefined && !keyword.startsWith('x-')) {
      out.push({
        path: [...path, keyword],
        message: `unknown JSON Schema keyword '${keyword}'`,
      });
      continue;
    }
    if (keyword === 'format' && typeof value === 'string' && ajv.formats[value] === undefined) {
      out.push({
        path: [...path, keyword],
        message: `unknown format '${value}'; known formats: ${Object.keys(ajv.formats).join(', ')}`,
      });
    }
    if (schemaKeywords.has(keyword) && !Array.isArray(value)) unknownKeywords(value, [...path, keyword], out);
    if (schemaListKeywords.has(keyword) && Array.isArray(value)) {
      value.forEach((item, index) => {
        unknownKeywords(item, [...path, keyword, index], out);
      });
    }
    if (schemaMapKeywords.has(keyword) && value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) unknownKeywords(item, [...path, keyword, name], out);
    }
  }
}

/** The meta-schema's errors, one per place: an `enum` error (it lists the valid values) wins over its `anyOf` wrapper. */
function metaProblems(errors: readonly ErrorObject[]): SchemaProblem[] {
  const byPath = new Map<string, ErrorObject>();
  const rank = (error: ErrorObject) => (error.keyword === 'enum' ? 0 : error.keyword === 'anyOf' ? 2 : 1);
  for (const error of errors) {
    const known = byPath.get(error.instancePath);
    if (known === undefined || rank(error) < rank(known)) byPath.set(error.instancePath, error);
  }
  return [...byPath.values()].map((error) => {
    const params = error.params as { allowedValues?: unknown[] };
    const message =
      error.keyword === 'enum' && params.allowedValues
        ? `must be one of ${params.allowedValues.join(', ')}`
        : (error.message ?? `fails ${error.keyword}`);
    return { path: pointerSegments(error.instancePath), message };
  });
}

/**
 * Everything wrong with a JSON Schema before it is used: what the draft-07 meta-schema rejects (a
 * `type: strnig`), keywords that do not exist, and what stops it compiling (a `$ref` to nowhere).
 * Each problem has its path inside the schema. An empty list means the schema can check answers.
 */
export function checkJsonSchema(schema: unknown): SchemaProblem[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return [{ path: [], message: 'a JSON Schema is a mapping, such as { type: object, properties: … }' }];
  }
  // Pure in the schema's content, and a server validates the same workflows again and again.
  const key = JSON.stringify(schema);
  const known = checked.get(key);
  if (known !== undefined) return known.map((problem) => ({ ...problem, path: [...problem.path] }));
  const problems = uncheckedProblems(schema);
  if (checked.size >= 500) checked.clear();
  checked.set(key, problems);
  return problems.map((problem) => ({ ...problem, path: [...problem.path] }));
}

const checked = new Map<string, SchemaProblem[]>();

const draft07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

function uncheckedProblems(schema: object): SchemaProblem[] {
  const version = (schema as { $schema?: unknown }).$schema;
  if (version !== undefined && (typeof version !== 'string' || !draft07.test(version))) {
    return [
      {
        path: ['$schema'],
        message: `${JSON.stringify(version)} is not supported: output schemas are JSON Schema draft-07; write http://json-schema.org/draft-07/schema# or leave $schema out`,
      },
    ];
  }
  const ajv = sharedAjv();
  const problems: SchemaProblem[] = [];
  if (!ajv.validateSchema(schema)) problems.push(...metaProblems(ajv.errors ?? []));
  unknownKeywords(schema, [], problems);
  if (problems.length > 0) return problems;
  try {
    compileJsonSchema(schema as JsonSchema);
  } catch (error) {
    problems.push({ path: [], message: (error as Error).message });
  }
  return problems;
}
