// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import { nearestNames } from '../errors/index.js';
import { type ExpressionReference, wordOffset } from './expression.js';
import { ExpressionSyntaxError } from './expression-errors.js';
import { compileConditionCached, compileTemplateCached, type Template } from './template.js';
import { type IssuePath, isRecord, type StepView, type WorkflowIssue } from './validate-workflow.js';

/** A string field the engine renders, with its path in the document. */
export interface RenderedField {
  path: IssuePath;
  text: string;
  condition: boolean;
}

/** Every string of `value` (nested in mappings and lists) with its path: for `with` and `env`. */
function collectStrings(value: unknown, path: IssuePath, out: RenderedField[]): void {
  if (typeof value === 'string') out.push({ path, text: value, condition: false });
  else if (Array.isArray(value))
    value.forEach((element, index) => {
      collectStrings(element, [...path, index], out);
    });
  else if (isRecord(value))
    for (const [key, element] of Object.entries(value)) collectStrings(element, [...path, key], out);
}

/** The fields of a step that hold expressions: everything the engine renders before running it. */
export function renderedFields(view: StepView): RenderedField[] {
  const base: IssuePath = ['steps', view.index];
  const { raw } = view;
  const fields: RenderedField[] = [];
  if (typeof raw.if === 'string') fields.push({ path: [...base, 'if'], text: raw.if, condition: true });
  for (const name of ['prompt', 'action', 'forEach'] as const) {
    const text = raw[name];
    if (typeof text === 'string') fields.push({ path: [...base, name], text, condition: false });
  }
  if (typeof raw.run === 'string') fields.push({ path: [...base, 'run'], text: raw.run, condition: false });
  else if (isRecord(raw.run)) {
    for (const name of ['command', 'cwd'] as const) {
      const text = raw.run[name];
      if (typeof text === 'string') fields.push({ path: [...base, 'run', name], text, condition: false });
    }
    collectStrings(raw.run.env, [...base, 'run', 'env'], fields);
  }
  if (typeof raw.approval === 'string')
    fields.push({ path: [...base, 'approval'], text: raw.approval, condition: false });
  else if (isRecord(raw.approval) && typeof raw.approval.message === 'string') {
    fields.push({ path: [...base, 'approval', 'message'], text: raw.approval.message, condition: false });
  }
  collectStrings(raw.with, [...base, 'with'], fields);
  return fields;
}

interface WorkflowFacts {
  inputs: string[];
  stepsByKey: Map<string, StepView>;
  /** Whether `view` depends on the step `key`, directly or through other steps. */
  dependsOn: (view: StepView, key: string) => boolean;
}

function workflowFacts(value: unknown, views: StepView[]): WorkflowFacts {
  const inputs = isRecord(value) && isRecord(value.inputs) ? Object.keys(value.inputs) : [];
  const stepsByKey = new Map<string, StepView>();
  for (const view of views) {
    if (view.key !== undefined && !stepsByKey.has(view.key)) stepsByKey.set(view.key, view);
  }
  // Built on first use: only workflows whose expressions read steps other than direct dependencies
  // need them. Descendants are kept per referenced step, so checking many readers of one step (every
  // step reading the first one's output, say) costs one walk, not one per reader.
  let dependents: Map<string, string[]> | undefined;
  const descendants = new Map<string, Set<string>>();
  const descendantsOf = (key: string): Set<string> => {
    let known = descendants.get(key);
    if (known !== undefined) return known;
    if (dependents === undefined) {
      dependents = new Map();
      for (const view of views) {
        if (view.key === undefined) continue;
        for (const dep of view.dependencies) {
          const list = dependents.get(dep.key);
          if (list === undefined) dependents.set(dep.key, [view.key]);
          else list.push(view.key);
        }
      }
    }
    known = new Set<string>();
    const stack = [key];
    while (stack.length > 0) {
      for (const next of dependents.get(stack.pop()!) ?? []) {
        if (known.has(next)) continue;
        known.add(next);
        stack.push(next);
      }
    }
    descendants.set(key, known);
    return known;
  };
  const dependsOn = (view: StepView, key: string): boolean =>
    view.dependencies.some((dep) => dep.key === key) ||
    (view.key !== undefined && descendantsOf(key).has(view.key));
  return { inputs, stepsByKey, dependsOn };
}

function suggestion(name: string, candidates: Iterable<string>): string {
  const near = nearestNames(name, candidates, 1);
  return near.length > 0 ? ` — did you mean '${near[0]}'?` : '';
}

/** Why a reference cannot work in this step, or undefined when it is fine. */
function referenceProblem(
  reference: ExpressionReference,
  view: StepView,
  field: RenderedField,
  facts: WorkflowFacts,
): string | undefined {
  const who = view.key === undefined ? `step ${view.index + 1}` : `step '${view.key}'`;
  switch (reference.root) {
    case 'inputs':
      if (facts.inputs.includes(reference.name)) return undefined;
      return facts.inputs.length === 0
        ? `input '${reference.name}' is not declared; the workflow has no inputs — declare it under inputs:`
        : `input '${reference.name}' is not declared${suggestion(reference.name, facts.inputs)} Inputs: ${facts.inputs.join(', ')}`;
    case 'steps': {
      const target = facts.stepsByKey.get(reference.key);
      if (target === undefined) {
        const hint =
          suggestion(reference.key, facts.stepsByKey.keys()) ||
          `; steps are: ${[...facts.stepsByKey.keys()].join(', ')}`;
        return `steps.${reference.key}: there is no step '${reference.key}'${hint}`;
      }
      if (target === view)
        return `${who} cannot read its own ${reference.field ?? 'result'}: it is not known until the step ends`;
      if (!facts.dependsOn(view, reference.key)) {
        return (
          `${who} reads steps.${reference.key} but does not depend on it, so its ${reference.field ?? 'result'} may not ` +
          `be ready — add '${reference.key}' to dependsOn`
        );
      }
      const declared = target.raw.outputs;
      if (reference.field === 'outputs' && reference.name !== undefined && Array.isArray(declared)) {
        const names = declared.filter((name): name is string => typeof name === 'string');
        if (!names.includes(reference.name)) {
          return `step '${reference.key}' declares no output '${reference.name}'${suggestion(reference.name, names)} It declares: ${names.join(', ') || 'none'}`;
        }
      }
      return undefined;
    }
    case 'item':
    case 'index': {
      const place = field.path[2];
      if (view.raw.forEach === undefined) return `${reference.root} is only available in a step with forEach`;
      if (place === 'forEach')
        return `${reference.root} names the current element, so forEach itself cannot use it`;
      if (place === 'if') {
        return `${reference.root} is not available in if: the condition is checked once for the whole step, before its items run`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function isSingleExpression(template: Template): boolean {
  if (!template.source.includes('${{')) return true;
  const [only] = template.expressions;
  if (only === undefined || template.expressions.length !== 1) return false;
  const before = template.source.slice(0, only.offset - 3);
  const after = template.source.slice(only.offset + only.expression.source.length + 2);
  return before.trim() === '' && after.trim() === '';
}

/** Where a reference is written in an expression, to point at it rather than at the expression's start. */
function referenceOffset(source: string, reference: ExpressionReference): number {
  const candidates: string[] = [];
  if (reference.root === 'inputs') candidates.push(`inputs.${reference.name}`, reference.name);
  else if (reference.root === 'steps') {
    if (reference.name !== undefined) candidates.push(`outputs.${reference.name}`);
    candidates.push(`steps.${reference.key}`, `steps['${reference.key}']`, `steps["${reference.key}"]`);
  } else candidates.push(reference.root);
  for (const candidate of candidates) {
    const at = wordOffset(source, candidate);
    if (at !== -1) return at;
  }
  return -1;
}

/**
 * Compiles every rendered string of every step (through the shared cache, so the engine reuses the
 * result) and checks what each expression reads: declared inputs, existing steps that are
 * dependencies, declared outputs, and item/index only under forEach.
 */
export function checkWorkflowExpressions(value: unknown, views: StepView[], issues: WorkflowIssue[]): void {
  const facts = workflowFacts(value, views);
  for (const view of views) {
    for (const field of renderedFields(view)) {
      if (!field.condition && !field.text.includes('${{')) continue;
      let template: Template;
      try {
        template = field.condition ? compileConditionCached(field.text) : compileTemplateCached(field.text);
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error;
        issues.push({ path: field.path, offset: error.offset, message: `bad expression: ${error.reason}` });
        continue;
      }
      if (field.condition && !isSingleExpression(template)) {
        // `${{ a }} == b` renders to text that is always true: almost certainly not what was meant.
        issues.push({
          path: field.path,
          message: 'an if is one expression: write `${{ a == b }}` or `a == b`, not text around ${{ … }}',
        });
      }
      for (const part of template.expressions) {
        const source = part.expression.source;
        const start = part.offset + source.length - source.trimStart().length;
        for (const reference of part.expression.references) {
          const problem = referenceProblem(reference, view, field, facts);
          if (problem === undefined) continue;
          const at = referenceOffset(source, reference);
          issues.push({ path: field.path, offset: at === -1 ? start : part.offset + at, message: problem });
        }
      }
    }
  }
}
