import { z } from 'zod';
import { type JsonSchema, type SchemaCheck, validateJsonSchema } from './json-schema-validator.js';
import { jsonPointer } from './output-issue.js';
import { parseJsonAnswer } from './parse-json-answer.js';

/**
 * What a structured answer must look like: the JSON Schema sent to the model (the AI SDK's structured
 * output path: native JSON-schema mode or a forced JSON tool, per provider) and the check of what came
 * back. A zod schema keeps its own parsing (transforms, defaults, the typed result); a JSON Schema is
 * checked by Ajv.
 */
export interface OutputSpec<T = unknown> {
  jsonSchema: JsonSchema;
  /** A short name for the answer (providers use it as the schema or tool name). */
  name?: string;
  description?: string;
  check(value: unknown): SchemaCheck<T>;
}

/** What callers may pass: a zod schema, or a JSON Schema with an optional name and description. */
export type OutputOption<T = unknown> =
  | z.ZodType<T>
  | { schema: JsonSchema; name?: string; description?: string };

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType || (typeof value === 'object' && value !== null && '_zod' in value);
}

export function outputSpecOf<T>(option: OutputOption<T>): OutputSpec<T> {
  if (isZodSchema(option)) {
    const schema = option as z.ZodType<T>;
    const { $schema: _version, ...jsonSchema } = z.toJSONSchema(schema, {
      target: 'draft-07',
      unrepresentable: 'any',
    }) as JsonSchema;
    return {
      jsonSchema,
      check(value) {
        const result = schema.safeParse(value);
        if (result.success) return { ok: true, value: result.data };
        return {
          ok: false,
          issues: result.error.issues.map((issue) => ({
            path: jsonPointer(issue.path),
            message: issue.message,
          })),
        };
      },
    };
  }
  const { schema, name, description } = option as Exclude<OutputOption<T>, z.ZodType<T>>;
  return {
    jsonSchema: schema,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    check: (value) => validateJsonSchema(schema, value) as SchemaCheck<T>,
  };
}

/** Parses a model's text answer and checks it: the value, or every path that does not match. */
export function checkAnswer<T>(spec: OutputSpec<T>, text: string): SchemaCheck<T> {
  const parsed = parseJsonAnswer(text);
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  return spec.check(parsed.value);
}

/** The part of a spec a model request carries: the schema and, when given, its name and description. */
export function outputRequestOf(spec: OutputSpec): {
  schema: JsonSchema;
  name?: string;
  description?: string;
} {
  return {
    schema: spec.jsonSchema,
    ...(spec.name === undefined ? {} : { name: spec.name }),
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}
