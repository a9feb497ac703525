import { createHash } from 'node:crypto';
import { simulatedMarker } from './plan-answer.js';

type Schema = Record<string, unknown>;

interface Generation {
  root: Schema;
  digest: string;
  /** Path-like words of the task (`src/auth.ts`), offered to string lists about files or paths. */
  paths: string[];
}

const maxDepth = 8;
const pathLike =
  /(?:[\w.-]+\/)+[\w.-]+|\b[\w-]+\.(?:ts|tsx|js|jsx|mjs|py|go|rs|java|rb|md|json|ya?ml|sql|sh)\b/g;

/**
 * A value that conforms to `schema`, the same for the same request: choices (enum members, booleans,
 * numbers) are drawn from a hash of the request digest and the path, strings say they are simulated
 * (`[simulated] summary`) where the schema leaves them free, and lists of files or paths take the
 * paths the task mentions. Covers the keywords structured-output schemas use: type, properties,
 * required, items, enum, const, default, examples, formats, bounds, allOf/anyOf/oneOf and local $ref.
 */
export function answerForSchema(schema: Schema | undefined, digest: string, task: string): unknown {
  if (schema === undefined) return { answer: `${simulatedMarker} ${task.slice(0, 80)}`.trim() };
  const paths = [...new Set(task.match(pathLike) ?? [])];
  return generate(schema, { root: schema, digest, paths }, 'answer', [], 0);
}

function draw(generation: Generation, path: readonly (string | number)[], salt = ''): number {
  const hash = createHash('sha256')
    .update(`${generation.digest}:${path.join('/')}:${salt}`)
    .digest();
  return hash.readUInt32BE(0);
}

function resolveRef(generation: Generation, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = generation.root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Schema)[segment];
  }
  return current !== null && typeof current === 'object' ? (current as Schema) : undefined;
}

/** `allOf` branches folded into one schema (their properties and required lists merged). */
function mergeAllOf(schema: Schema, generation: Generation): Schema {
  const { allOf, ...rest } = schema;
  let merged: Schema = rest;
  for (const branch of Array.isArray(allOf) ? allOf : []) {
    const part = normalise(branch as Schema, generation);
    merged = {
      ...part,
      ...merged,
      properties: { ...(part.properties as Schema), ...(merged.properties as Schema) },
      required: [...((part.required as string[]) ?? []), ...((merged.required as string[]) ?? [])],
    };
  }
  return merged;
}

function normalise(schema: Schema, generation: Generation): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
    const target = resolveRef(generation, current.$ref);
    if (target === undefined) break;
    const { $ref: _ref, ...rest } = current;
    current = { ...target, ...rest };
  }
  if (Array.isArray(current.allOf)) current = mergeAllOf(current, generation);
  const choices = (current.anyOf ?? current.oneOf) as Schema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) {
    const { anyOf: _any, oneOf: _one, ...rest } = current;
    const branch = choices.find((choice) => choice.type !== 'null') ?? choices[0]!;
    current = { ...rest, ...normalise(branch, generation) };
  }
  return current;
}

function typeOf(schema: Schema): string {
  const type = schema.type;
  if (Array.isArray(type)) return String(type.find((item) => item !== 'null') ?? type[0] ?? 'string');
  if (typeof type === 'string') return type;
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

function generate(
  raw: Schema,
  generation: Generation,
  name: string,
  path: (string | number)[],
  depth: number,
): unknown {
  const schema = normalise(raw, generation);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[draw(generation, path) % schema.enum.length];
  }
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  switch (typeOf(schema)) {
    case 'object':
      return generateObject(schema, generation, path, depth);
    case 'array':
      return generateArray(schema, generation, name, path, depth);
    case 'integer':
    case 'number':
      return generateNumber(schema, generation, path);
    case 'boolean':
      return draw(generation, path) % 2 === 0;
    case 'null':
      return null;
    default:
      return generateString(schema, generation, name, path);
  }
}

function generateObject(schema: Schema, generation: Generation, path: (string | number)[], depth: number) {
  const result: Record<string, unknown> = {};
  if (depth >= maxDepth) return result;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    result[key] = generate(property, generation, key, [...path, key], depth + 1);
  }
  return result;
}

function generateArray(
  schema: Schema,
  generation: Generation,
  name: string,
  path: (string | number)[],
  depth: number,
): unknown[] {
  if (depth >= maxDepth) return [];
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  const prefix = (Array.isArray(schema.prefixItems) ? schema.prefixItems : []) as Schema[];
  const items = (Array.isArray(schema.items) ? undefined : (schema.items as Schema | undefined)) as
    | Schema
    | undefined;
  const itemSchema = normalise(items ?? {}, generation);
  const aboutPaths =
    /file|path/i.test(name) && typeOf(itemSchema) === 'string' && itemSchema.enum === undefined;
  const wanted = aboutPaths && generation.paths.length > 0 ? generation.paths.length : 2;
  const count = Math.max(prefix.length, Math.min(Math.max(wanted, min), max));
  const values: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const itemPath = [...path, index];
    if (index < prefix.length) values.push(generate(prefix[index]!, generation, name, itemPath, depth + 1));
    else if (aboutPaths && index < generation.paths.length) values.push(generation.paths[index]);
    else values.push(generate(itemSchema, generation, `${singular(name)} ${index + 1}`, itemPath, depth + 1));
  }
  const members = itemSchema.enum;
  if (schema.uniqueItems === true && Array.isArray(members)) {
    // Distinct members in order instead of draws that may repeat.
    return values.map((_, index) => members[index % members.length]);
  }
  return values;
}

function singular(name: string): string {
  return name.endsWith('s') && name.length > 1 ? name.slice(0, -1) : name;
}

function generateNumber(schema: Schema, generation: Generation, path: (string | number)[]): number {
  const integer = typeOf(schema) === 'integer';
  const step = integer ? 1 : 0.1;
  let low = typeof schema.minimum === 'number' ? schema.minimum : 0;
  if (typeof schema.exclusiveMinimum === 'number') low = Math.max(low, schema.exclusiveMinimum + step);
  // Unbounded numbers stay small (a score, a ratio): some providers drop bounds from the schema they
  // send, and the answer should still pass the caller's full schema.
  let high = typeof schema.maximum === 'number' ? schema.maximum : low + (integer ? 10 : 1);
  if (typeof schema.exclusiveMaximum === 'number') high = Math.min(high, schema.exclusiveMaximum - step);
  if (high < low) high = low;
  const steps = Math.floor((high - low) / step);
  let value = low + (steps > 0 ? draw(generation, path) % (steps + 1) : 0) * step;
  value = integer ? Math.ceil(value) : Math.round(value * 10) / 10;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  }
  return Math.min(value, high);
}

function generateString(
  schema: Schema,
  generation: Generation,
  name: string,
  path: (string | number)[],
): string {
  const id = createHash('sha256')
    .update(`${generation.digest}:${path.join('/')}`)
    .digest('hex');
  switch (schema.format) {
    case 'date-time':
      return '2026-01-01T00:00:00.000Z';
    case 'date':
      return '2026-01-01';
    case 'time':
      return '00:00:00Z';
    case 'email':
      return 'simulated@example.com';
    case 'uri':
    case 'url':
      return `https://example.com/simulated/${id.slice(0, 8)}`;
    case 'uuid':
      return `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`;
    default:
      break;
  }
  // A lone file or path names the first one the task mentions (a forEach item's own file, say).
  if (/^(file|path|file_?name|file_?path)$/i.test(name) && generation.paths[0] !== undefined) {
    const path = generation.paths[0];
    const fits = path.length <= (typeof schema.maxLength === 'number' ? schema.maxLength : path.length);
    if (fits && schema.pattern === undefined) return path;
  }
  let text = `${simulatedMarker} ${name}`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (text.length > max) text = name.slice(0, max);
  if (text.length < min) text = text.padEnd(min, '.');
  return text;
}
