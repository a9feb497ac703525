import { nearestNames } from '../errors/index.js';
import { checkOutputReferences, checkOutputSchemas, inlineOutputSchemas } from './validate-output-schemas.js';
import { checkWorkflowExpressions } from './validate-workflow-expressions.js';
import { checkWorkflowSchema } from './validate-workflow-schema.js';
import { findCycle } from './workflow-graph.js';
import { type StepKind, stepKindsOf, type WorkflowDefinition, type WorkflowStep } from './workflow-schema.js';

/** Which step kinds this build can execute; a workflow using any other kind is refused before it runs. */
export interface ValidateOptions {
  stepKinds: readonly StepKind[];
  /** Names (and aliases) of the agents that exist; when given, an unknown `agent` is refused with the
   *  nearest names. Left out, agent names are not checked (this layer does not know the registry). */
  agentNames?: readonly string[];
}

export type IssuePath = (string | number)[];
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * A problem found by the pure validator, located by its path in the document. The parser turns the
 * path into file, line and column. `message` may need the position of another node (a duplicate's
 * first line), so it can be a function of a locator.
 */
export interface WorkflowIssue {
  path: IssuePath;
  message: string | ((locate: (path: IssuePath) => SourcePosition) => string);
  /** Point at the key of the entry at `path` (unknown fields) instead of its value. */
  at?: 'key';
  /** A position inside the string at `path`, e.g. where a bad expression starts. */
  offset?: number;
}

export interface WorkflowValidationResult {
  definition: WorkflowDefinition | undefined;
  issues: WorkflowIssue[];
}

/** What each kind needs that a build may lack; used to explain why a step cannot run here. */
const kindNeeds: Record<StepKind, string> = {
  run: 'a shell executor',
  approval: 'an approval executor',
  workflow: 'the sub-workflow executor',
  agent: 'the agent system',
  prompt: 'a model provider',
};

/** The field that gives a step each kind, to point at it. */
const kindField: Record<StepKind, keyof WorkflowStep> = {
  run: 'run',
  approval: 'approval',
  workflow: 'workflow',
  agent: 'agent',
  prompt: 'prompt',
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of a step the checks below rely on, read defensively so they also run when the schema fails. */
export interface StepView {
  index: number;
  key: string | undefined;
  raw: Record<string, unknown>;
  dependencies: { key: string; path: IssuePath }[];
}

export function stepViews(value: unknown): StepView[] {
  const steps = isRecord(value) && Array.isArray(value.steps) ? value.steps : [];
  const views: StepView[] = [];
  steps.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) return;
    const dependsOn = raw.dependsOn;
    const dependencies: StepView['dependencies'] = [];
    if (typeof dependsOn === 'string')
      dependencies.push({ key: dependsOn, path: ['steps', index, 'dependsOn'] });
    else if (Array.isArray(dependsOn)) {
      dependsOn.forEach((dep: unknown, position) => {
        if (typeof dep === 'string')
          dependencies.push({ key: dep, path: ['steps', index, 'dependsOn', position] });
      });
    }
    views.push({ index, key: typeof raw.key === 'string' ? raw.key : undefined, raw, dependencies });
  });
  return views;
}

/** `run, approval or workflow`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function label(view: StepView): string {
  return view.key === undefined ? `step ${view.index + 1}` : `step '${view.key}'`;
}

function checkKeysAndDependencies(views: StepView[], issues: WorkflowIssue[]): void {
  const firstIndex = new Map<string, number>();
  for (const view of views) {
    if (view.key === undefined) continue;
    const first = firstIndex.get(view.key);
    if (first === undefined) {
      firstIndex.set(view.key, view.index);
      continue;
    }
    const key = view.key;
    issues.push({
      path: ['steps', view.index, 'key'],
      message: (locate) =>
        `duplicate step key '${key}': used at lines ${locate(['steps', first, 'key']).line} and ` +
        `${locate(['steps', view.index, 'key']).line}; step keys must be unique`,
    });
  }
  const keys = [...firstIndex.keys()];
  for (const view of views) {
    for (const dep of view.dependencies) {
      if (dep.key === view.key) {
        issues.push({
          path: dep.path,
          message: `${label(view)} depends on itself; remove '${dep.key}' from its dependsOn`,
        });
      } else if (!firstIndex.has(dep.key)) {
        const near = nearestNames(dep.key, keys, 1);
        const hint = near.length > 0 ? ` — did you mean '${near[0]}'?` : `; steps are: ${keys.join(', ')}`;
        issues.push({
          path: dep.path,
          message: `${label(view)} depends on '${dep.key}', which is not a step${hint}`,
        });
      }
    }
  }
  const graphSteps = views
    .filter((view) => view.key !== undefined && firstIndex.get(view.key) === view.index)
    .map((view) => ({
      key: view.key!,
      dependsOn: view.dependencies
        .map((dep) => dep.key)
        .filter((key) => key !== view.key && firstIndex.has(key)),
    }));
  const cycle = findCycle(graphSteps);
  if (cycle !== undefined) {
    // Point at the edge that closes the loop: the first step's dependsOn entry naming the last one.
    const closing = views[firstIndex.get(cycle[0]!)!] ?? views.find((view) => view.key === cycle[0]);
    const dep = closing?.dependencies.find((entry) => entry.key === cycle[cycle.length - 2]);
    issues.push({
      path: dep?.path ?? ['steps'],
      message: `dependency cycle: ${cycle.join(' → ')} (each step depends on the one before it); remove one of these dependsOn entries`,
    });
  }
}

function checkKinds(views: StepView[], options: ValidateOptions, issues: WorkflowIssue[]): void {
  const available = options.stepKinds;
  for (const view of views) {
    const kinds = stepKindsOf(view.raw as WorkflowStep);
    if (kinds.length === 0) {
      issues.push({
        path: ['steps', view.index],
        message: `${label(view)} does nothing: give it one of run, approval, workflow, agent (or action) or prompt`,
      });
      continue;
    }
    if (kinds.length > 1) {
      const second =
        kindField[kinds[1]!] === 'agent' && view.raw.agent === undefined ? 'action' : kindField[kinds[1]!];
      issues.push({
        path: ['steps', view.index, second],
        at: 'key',
        message: `${label(view)} has more than one kind (${kinds.join(' and ')}); a step does one thing — split it into several steps`,
      });
      continue;
    }
    const kind = kinds[0]!;
    if (!available.includes(kind)) {
      const field = kind === 'agent' && view.raw.agent === undefined ? 'action' : kindField[kind];
      const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
      const others = available.length > 0 ? ` — use ${orList(available)} steps` : '';
      issues.push({
        path: ['steps', view.index, field],
        at: 'key',
        message: (locate) =>
          `${label(view)} (line ${locate(['steps', view.index]).line}) is ${article} ${kind} step; ${kind} steps need ` +
          `${kindNeeds[kind]}, which is not available in this build${others}`,
      });
    }
  }
}

function checkAgents(views: StepView[], agentNames: readonly string[], issues: WorkflowIssue[]): void {
  for (const view of views) {
    const agent = view.raw.agent;
    if (typeof agent !== 'string' || agentNames.includes(agent)) continue;
    const near = nearestNames(agent, agentNames);
    const hint = near.length > 0 ? ` — did you mean ${near.map((name) => `'${name}'`).join(', ')}?` : '';
    issues.push({
      path: ['steps', view.index, 'agent'],
      message: `${label(view)} names agent '${agent}', which does not exist${hint} (ax agent list shows them all)`,
    });
  }
}

const inputTypeCheck: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value),
  object: (value) => isRecord(value),
};

/** A default that does not match its input's declared type would surprise at run time; say so now. */
function checkInputDefaults(value: unknown, issues: WorkflowIssue[]): void {
  if (!isRecord(value) || !isRecord(value.inputs)) return;
  for (const [name, input] of Object.entries(value.inputs)) {
    if (!isRecord(input) || input.default === undefined || input.default === null) continue;
    const type = typeof input.type === 'string' ? input.type : 'string';
    const check = inputTypeCheck[type];
    if (check === undefined || check(input.default)) continue;
    issues.push({
      path: ['inputs', name, 'default'],
      message: `input '${name}' is a ${type}, but its default ${JSON.stringify(input.default)} is not; change the default or the type`,
    });
  }
}

function checkFieldCombinations(views: StepView[], issues: WorkflowIssue[]): void {
  for (const view of views) {
    if (view.raw.with !== undefined && view.raw.workflow === undefined) {
      issues.push({
        path: ['steps', view.index, 'with'],
        at: 'key',
        message: `${label(view)}: 'with' passes inputs to a sub-workflow, so it needs 'workflow'; use expressions in the step's fields instead`,
      });
    }
    if (view.raw.concurrency !== undefined && view.raw.forEach === undefined) {
      issues.push({
        path: ['steps', view.index, 'concurrency'],
        at: 'key',
        message: `${label(view)}: 'concurrency' limits how many forEach items run at once, so it needs 'forEach'; use the workflow's concurrency for steps`,
      });
    }
  }
}

/**
 * Validates a parsed document (plain data from YAML or JSON). Pure: no I/O. Collects every issue:
 * schema errors, then the checks the schema cannot express (keys, dependencies, cycles, kinds,
 * expressions). The structural checks read the raw data defensively, so a file with an unknown field
 * and a bad dependency reports both.
 */
export function validateWorkflow(value: unknown, options: ValidateOptions): WorkflowValidationResult {
  const schema = checkWorkflowSchema(value);
  const issues: WorkflowIssue[] = schema.success ? [] : [...schema.issues];
  const views = stepViews(value);
  checkKeysAndDependencies(views, issues);
  checkKinds(views, options, issues);
  checkFieldCombinations(views, issues);
  checkInputDefaults(value, issues);
  if (options.agentNames !== undefined) checkAgents(views, options.agentNames, issues);
  checkWorkflowExpressions(value, views, issues);
  checkOutputSchemas(views, issues);
  checkOutputReferences(views, inlineOutputSchemas(views), issues);
  return { definition: schema.success && issues.length === 0 ? schema.data : undefined, issues };
}
