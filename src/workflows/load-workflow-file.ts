import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import { loadOutputSchemas } from './load-output-schema.js';
import { locateIssues, parseWorkflow, type ValidateOptions } from './parse-workflow.js';
import { checkOutputReferences } from './validate-output-schemas.js';
import { stepViews, type WorkflowIssue } from './validate-workflow.js';
import type { WorkflowDefinition } from './workflow-schema.js';
import { type ValidationIssue, WorkflowValidationError } from './workflow-validation-error.js';

export interface LoadedWorkflow {
  /** Absolute path of the file. */
  file: string;
  definition: WorkflowDefinition;
  source: string;
  /** The loaded file of each `workflow:` step, by step key. */
  subWorkflows: Map<string, LoadedWorkflow>;
}

/** How a file is named in messages: relative to the working directory when inside it, else absolute. */
function displayName(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

/** The `with` of a workflow step against the child's declared inputs: unknown names and missing required ones. */
function checkSubWorkflowInputs(
  index: number,
  key: string,
  given: Record<string, unknown>,
  child: WorkflowDefinition,
): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  const declared = child.inputs ?? {};
  const names = Object.keys(declared);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(declared, name)) {
      issues.push({
        path: ['steps', index, 'with', name],
        at: 'key',
        message: `step '${key}' passes '${name}', which sub-workflow '${child.name}' does not declare; its inputs: ${names.join(', ') || 'none'}`,
      });
    }
  }
  for (const [name, input] of Object.entries(declared)) {
    if (input.required === true && input.default === undefined && !Object.hasOwn(given, name)) {
      issues.push({
        path: ['steps', index, 'workflow'],
        message: `step '${key}' does not pass required input '${name}' of sub-workflow '${child.name}'; add it under with:`,
      });
    }
  }
  return issues;
}

async function load(
  file: string,
  options: ValidateOptions,
  chain: readonly string[],
): Promise<LoadedWorkflow> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
    throw new InvalidInputError(`workflow file ${displayName(file)} ${reason}: ${(error as Error).message}`, {
      code: 'workflow-not-found',
      cause: error,
    });
  }
  return loadSource(source, file, displayName(file), options, chain);
}

async function loadSource(
  source: string,
  file: string,
  shown: string,
  options: ValidateOptions,
  chain: readonly string[],
): Promise<LoadedWorkflow> {
  const definition = parseWorkflow(source, shown, options);
  const issues: WorkflowIssue[] = [];
  const childIssues: ValidationIssue[] = [];
  const subWorkflows = new Map<string, LoadedWorkflow>();
  const here = [...chain, file];
  const outputSchemas = await loadOutputSchemas(file, displayName, definition);
  issues.push(...outputSchemas.issues);
  childIssues.push(...outputSchemas.fileIssues);
  checkOutputReferences(stepViews(definition), outputSchemas.schemas, issues);
  await Promise.all(
    definition.steps.map(async (step, index) => {
      if (step.workflow === undefined) return;
      const childFile = resolve(dirname(file), step.workflow);
      const path = ['steps', index, 'workflow'];
      if (here.includes(childFile)) {
        const cycle = [...here.slice(here.indexOf(childFile)), childFile].map(displayName).join(' → ');
        issues.push({
          path,
          message: `step '${step.key}' makes a sub-workflow cycle: ${cycle}; a workflow cannot include itself`,
        });
        return;
      }
      try {
        const child = await load(childFile, options, here);
        subWorkflows.set(step.key, child);
        issues.push(...checkSubWorkflowInputs(index, step.key, step.with ?? {}, child.definition));
      } catch (error) {
        if (error instanceof WorkflowValidationError) childIssues.push(...error.issues);
        else if (InvalidInputError.isInstance(error) && error.code === 'workflow-not-found') {
          issues.push({
            path,
            message: `step '${step.key}': sub-workflow file ${step.workflow} not found (looked for ${childFile}); the path is relative to ${shown}`,
          });
        } else throw error;
      }
    }),
  );
  if (issues.length > 0 || childIssues.length > 0) {
    // Children load concurrently; sorting keeps the report in a stable, readable order.
    const byPosition = (a: ValidationIssue, b: ValidationIssue) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
    const own = locateIssues(source, shown, issues).sort(byPosition);
    throw new WorkflowValidationError([...own, ...childIssues.sort(byPosition)]);
  }
  return { file, definition, source, subWorkflows };
}

/**
 * Reads, parses and validates a workflow file and, recursively, the file of every `workflow:` step
 * (relative to the file that names it). Problems in any file are reported together, each with its own
 * file, line and column; a sub-workflow cycle (a.yaml → b.yaml → a.yaml) is one of them.
 */
export function loadWorkflowFile(path: string, options: ValidateOptions): Promise<LoadedWorkflow> {
  return load(resolve(path), options, []);
}

/**
 * Parses and validates workflow text that is not a file (e.g. sent to the HTTP API). Problems are
 * located in `name` (line and column of the text); `workflow:` steps are resolved against `directory`.
 */
export function loadWorkflowSource(
  source: string,
  options: ValidateOptions & { name?: string; directory?: string },
): Promise<LoadedWorkflow> {
  const { name = 'inline.yaml', directory = process.cwd(), ...validate } = options;
  return loadSource(source, resolve(directory, name), name, validate, []);
}
