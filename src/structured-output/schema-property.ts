import type { JsonSchema } from './json-schema-validator.js';

/** Whether a path of property names exists in a schema; when it does not, where it stops and what exists. */
export type PropertyLookup =
  /** `schema`: what the path leads to, when the schema says (undefined past an open part). */
  | { ok: true; schema?: JsonSchema }
  | { ok: false; missing: string; known: string[]; parent: readonly string[] };

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveLocal(root: Schema, schema: Schema): Schema | undefined {
  let current: Schema | undefined = schema;
  for (let hops = 0; current !== undefined && typeof current.$ref === 'string' && hops < 16; hops++) {
    const ref: string = current.$ref as string;
    if (!ref.startsWith('#')) return undefined;
    let target: unknown = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      target = isSchema(target) ? target[segment] : undefined;
    }
    current = isSchema(target) ? target : undefined;
  }
  return current;
}

/**
 * The properties a schema declares, merged over `allOf`, `anyOf` and `oneOf` branches; `undefined` when
 * the schema lets any name through (no `properties`, `additionalProperties` or `patternProperties` that
 * admit others), so nothing can be said about a name.
 */
function declaredProperties(root: Schema, schema: Schema, depth = 0): Map<string, Schema> | undefined {
  if (depth > 16) return undefined;
  const resolved = resolveLocal(root, schema);
  if (resolved === undefined) return undefined;
  const properties = new Map<string, Schema>();
  const branches = [resolved.allOf, resolved.anyOf, resolved.oneOf].flatMap((list) =>
    Array.isArray(list) ? list.filter(isSchema) : [],
  );
  const own = isSchema(resolved.properties) ? resolved.properties : undefined;
  if (own === undefined && branches.length === 0) return undefined;
  const open =
    resolved.patternProperties !== undefined ||
    resolved.additionalProperties === true ||
    isSchema(resolved.additionalProperties);
  if (open) return undefined;
  for (const [name, value] of Object.entries(own ?? {})) if (isSchema(value)) properties.set(name, value);
  for (const branch of branches) {
    const inner = declaredProperties(root, branch, depth + 1);
    if (inner === undefined) {
      // A branch that only constrains (`required`, `not`) adds no names; one that admits any name does.
      const resolvedBranch = resolveLocal(root, branch);
      if (
        resolvedBranch !== undefined &&
        resolvedBranch.type !== 'object' &&
        resolvedBranch.$ref === undefined
      )
        continue;
      return undefined;
    }
    for (const [name, value] of inner) if (!properties.has(name)) properties.set(name, value);
  }
  return properties;
}

/**
 * Follows `output.severity` or `output.files[0].path` through a schema's `properties` and `items`, so a
 * workflow can be told before it runs that it reads a property the step's answer never has. Where the
 * schema is open (no declared properties, `additionalProperties`), the path is accepted.
 */
export function lookupProperty(root: JsonSchema, path: readonly string[]): PropertyLookup {
  let current: Schema | undefined = root;
  for (const [index, segment] of path.entries()) {
    current = current === undefined ? undefined : resolveLocal(root, current);
    if (current === undefined) return { ok: true };
    if (/^\d+$/.test(segment) || segment === 'length') {
      if (segment === 'length') return { ok: true };
      current = isSchema(current.items) ? current.items : undefined;
      continue;
    }
    const properties = declaredProperties(root, current);
    if (properties === undefined) return { ok: true };
    const next = properties.get(segment);
    if (next === undefined) {
      return { ok: false, missing: segment, known: [...properties.keys()], parent: path.slice(0, index) };
    }
    current = next;
  }
  const resolved = current === undefined ? undefined : resolveLocal(root, current);
  return resolved === undefined ? { ok: true } : { ok: true, schema: resolved };
}

/** The JSON types a schema admits (`type` as a string or list), or undefined when it does not say. */
export function schemaTypes(schema: JsonSchema): string[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return undefined;
}
