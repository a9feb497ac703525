import { InvalidInputError, nearestNames } from '../errors/index.js';
import type { WorkflowDefinition, WorkflowInput } from './workflow-schema.js';

/**
 * Checks the inputs given to a run against the workflow's declared inputs: fills defaults, converts
 * strings from `--input k=v` to the declared type, and refuses unknown or missing ones before anything
 * is stored.
 */
export function resolveInputs(
  definition: WorkflowDefinition,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const declared = definition.inputs ?? {};
  const resolved: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) {
      const near = nearestNames(name, Object.keys(declared));
      const hint = near.length > 0 ? ` — did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
      const known = Object.keys(declared).join(', ') || 'none';
      throw new InvalidInputError(
        `workflow '${definition.name}' has no input '${name}'${hint} (inputs: ${known})`,
        {
          code: 'input-unknown',
        },
      );
    }
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (name in given) resolved[name] = convert(definition.name, name, spec, given[name]);
    else if (spec.default !== undefined) resolved[name] = spec.default;
    else if (spec.required) {
      throw new InvalidInputError(
        `workflow '${definition.name}' needs input '${name}'${spec.description ? ` (${spec.description})` : ''}: pass --input ${name}=…`,
        { code: 'input-missing' },
      );
    }
  }
  return resolved;
}

function convert(workflow: string, name: string, spec: WorkflowInput, value: unknown): unknown {
  const type = spec.type ?? 'string';
  const fail = (): never => {
    throw new InvalidInputError(
      `input '${name}' of workflow '${workflow}' must be a ${type}, got ${JSON.stringify(value)}`,
      {
        code: 'input-type',
      },
    );
  };
  if (typeof value !== 'string') {
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    return actual === type ? value : fail();
  }
  switch (type) {
    case 'string':
      return value;
    case 'number': {
      const number = Number(value);
      return value.trim() !== '' && Number.isFinite(number) ? number : fail();
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : fail();
    case 'array':
    case 'object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return fail();
      }
      const isArray = Array.isArray(parsed);
      return (type === 'array') === isArray && typeof parsed === 'object' && parsed !== null
        ? parsed
        : fail();
    }
  }
}
