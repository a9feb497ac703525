// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import { nearestNames } from '../errors/index.js';
import { checkJsonSchema, type JsonSchema, lookupProperty, schemaTypes } from '../structured-output/index.js';
import { wordOffset } from './expression.js';
import { ExpressionSyntaxError } from './expression-errors.js';
import { compileConditionCached, compileTemplateCached, type Template } from './template.js';
import { isRecord, type StepView, type WorkflowIssue } from './validate-workflow.js';
import { renderedFields } from './validate-workflow-expressions.js';
import { StepKind, stepKindsOf, type WorkflowStep } from './workflow-schema.js';

/** `{ $ref: 'schemas/triage.json' }` (optionally `#/definitions/Triage`): the schema lives in another file. */
export function schemaFileRef(schema: unknown): string | undefined {
  if (!isRecord(schema) || typeof schema.$ref !== 'string' || schema.$ref.startsWith('#')) return undefined;
  const others = Object.keys(schema).filter((key) => key !== '$ref' && key !== 'description');
  return others.length === 0 ? schema.$ref : undefined;
}

function label(view: StepView): string {
  return view.key === undefined ? `step ${view.index + 1}` : `step '${view.key}'`;
}

/**
 * `output:` belongs to steps that ask a model (agent and prompt), and its inline schema must be a
 * JSON Schema Ajv can use: every problem is located inside the schema, so it points at the exact line.
 * Schemas in other files are checked when the file is loaded (see load-output-schema.ts).
 */
export function checkOutputSchemas(views: StepView[], issues: WorkflowIssue[]): void {
  for (const view of views) {
    const output = view.raw.output;
    if (!isRecord(output)) continue;
    const kinds = stepKindsOf(view.raw as WorkflowStep);
    if (kinds.length === 1 && kinds[0] !== StepKind.agent && kinds[0] !== StepKind.prompt) {
      issues.push({
        path: ['steps', view.index, 'output'],
        at: 'key',
        message: `${label(view)} is a ${kinds[0]} step; output schemas are for agent and prompt steps, whose answers come from a model`,
      });
      continue;
    }
    if (!isRecord(output.schema) || schemaFileRef(output.schema) !== undefined) continue;
    for (const problem of checkJsonSchema(output.schema)) {
      issues.push({
        path: ['steps', view.index, 'output', 'schema', ...problem.path],
        ...(problem.message.startsWith('unknown JSON Schema keyword') ? { at: 'key' as const } : {}),
        message: `${label(view)}: output schema ${problem.path.length > 0 ? `at ${problem.path.join('.')} ` : ''}${problem.message}`,
      });
    }
  }
}

/** The inline output schemas of the workflow, by step key. */
export function inlineOutputSchemas(views: StepView[]): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const view of views) {
    const output = view.raw.output;
    if (view.key === undefined || !isRecord(output) || !isRecord(output.schema)) continue;
    if (schemaFileRef(output.schema) === undefined) schemas.set(view.key, output.schema);
  }
  return schemas;
}

/** `forEach: ${{ steps.triage.output.files }}`: the step key and the property path, when that is all it says. */
const forEachOverOutput =
  /^\s*\$\{\{\s*steps\.([A-Za-z][\w-]*)\.output((?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*\}\}\s*$/;

/**
 * The schema of one element when a step's `forEach` walks a list from a structured output, so
 * `${{ item.path }}` can be checked too. A path that leads to something that is not a list is a
 * mistake worth reporting before the run.
 */
function forEachItemSchema(
  view: StepView,
  schemas: ReadonlyMap<string, JsonSchema>,
  issues: WorkflowIssue[],
): JsonSchema | undefined {
  const text = view.raw.forEach;
  if (typeof text !== 'string') return undefined;
  const match = forEachOverOutput.exec(text);
  const schema = match ? schemas.get(match[1]!) : undefined;
  if (match === null || schema === undefined) return undefined;
  const path = [...match[2]!.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((part) => part[1] ?? part[2]!);
  const found = lookupProperty(schema, path);
  if (!found.ok || found.schema === undefined) return undefined;
  const types = schemaTypes(found.schema);
  if (types !== undefined && !types.includes('array')) {
    issues.push({
      path: ['steps', view.index, 'forEach'],
      offset: text.indexOf('steps.'),
      message: `${label(view)}: forEach needs a list, but steps.${match[1]}.output${match[2]} is ${types.join(' or ')} in the output schema of step '${match[1]}'`,
    });
    return undefined;
  }
  const items = found.schema.items;
  return items !== null && typeof items === 'object' && !Array.isArray(items)
    ? (items as JsonSchema)
    : undefined;
}

function nearestHint(missing: string, known: readonly string[]): string {
  const near = nearestNames(missing, known, 1);
  return near.length > 0 ? ` — did you mean '${near[0]}'?` : '';
}

/**
 * Checks `steps.triage.output.severity` and the like against the schema step `triage` declares, and
 * `item.path` against the element schema of a forEach over such a list: a property the answer cannot
 * have is reported with the nearest declared name. Problems of the expressions themselves are
 * reported elsewhere, so a text that does not compile is skipped here.
 */
export function checkOutputReferences(
  views: StepView[],
  schemas: ReadonlyMap<string, JsonSchema>,
  issues: WorkflowIssue[],
): void {
  if (schemas.size === 0) return;
  for (const view of views) {
    const itemSchema = forEachItemSchema(view, schemas, issues);
    for (const field of renderedFields(view)) {
      if (!field.condition && !field.text.includes('${{')) continue;
      let template: Template;
      try {
        template = field.condition ? compileConditionCached(field.text) : compileTemplateCached(field.text);
      } catch (error) {
        if (error instanceof ExpressionSyntaxError) continue;
        throw error;
      }
      for (const part of template.expressions) {
        for (const reference of part.expression.references) {
          let message: string | undefined;
          let missing: string | undefined;
          if (reference.root === 'steps' && reference.field === 'output' && reference.path !== undefined) {
            const schema = schemas.get(reference.key);
            const found = schema === undefined ? undefined : lookupProperty(schema, reference.path);
            if (found === undefined || found.ok) continue;
            missing = found.missing;
            const where = ['output', ...found.parent].join('.');
            message = `steps.${reference.key}.${where} has no property '${found.missing}' in the output schema of step '${reference.key}'${nearestHint(found.missing, found.known)} It has: ${found.known.join(', ') || 'no properties'}`;
          } else if (reference.root === 'item' && reference.path !== undefined && itemSchema !== undefined) {
            const found = lookupProperty(itemSchema, reference.path);
            if (found.ok) continue;
            missing = found.missing;
            const where = ['item', ...found.parent].join('.');
            message = `${where} has no property '${found.missing}': the items of this forEach come from ${String(view.raw.forEach).trim()}, whose schema declares ${found.known.join(', ') || 'no properties'}${nearestHint(found.missing, found.known)}`;
          } else continue;
          const at = wordOffset(part.expression.source, missing);
          issues.push({ path: field.path, offset: part.offset + (at === -1 ? 0 : at), message });
        }
      }
    }
  }
}
