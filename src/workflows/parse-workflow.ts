import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { aliasLimitMessage, excessiveNesting, firstAlias, maxAliasCount } from '../input-limits/index.js';
import { parseYamlSubset } from './parse-yaml-subset.js';
import {
  type IssuePath,
  type SourcePosition,
  type ValidateOptions,
  validateWorkflow,
  type WorkflowIssue,
} from './validate-workflow.js';
import type { WorkflowDefinition } from './workflow-schema.js';
import { type ValidationIssue, WorkflowValidationError } from './workflow-validation-error.js';

export type { ValidateOptions } from './validate-workflow.js';

interface ParsedSource {
  document: Document.Parsed;
  lineCounter: LineCounter;
}

function parseSource(source: string): ParsedSource {
  const lineCounter = new LineCounter();
  // `uniqueKeys` (the default) makes a repeated mapping key an error, for JSON input as well.
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  return { document, lineCounter };
}

/** JSON is YAML, but JSON.parse is two orders of magnitude faster, so JSON input takes that road first. */
function looksLikeJson(source: string, file: string): boolean {
  if (file.endsWith('.json')) return true;
  const first = /\S/.exec(source);
  return first?.[0] === '{';
}

/**
 * Where a position inside a string value lies in the file. Quoted, folded and block scalars do not map
 * offsets one to one, so the line holding the offset is searched for in the node's source text; when
 * it cannot be found (escapes), the node's start is the answer.
 */
function offsetInScalar(source: string, node: Node, offset: number): number {
  const [start, end] = node.range ?? [0, 0];
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  if (value === undefined) return start;
  const raw = source.slice(start, end);
  const lines = value.slice(0, offset).split('\n');
  const column = lines[lines.length - 1]!.length;
  const lineIndex = lines.length - 1;
  const valueLines = value.split('\n');
  let searchFrom = 0;
  for (let i = 0; i <= lineIndex; i++) {
    const text = valueLines[i]!;
    if (text === '' && i < lineIndex) continue;
    const found = raw.indexOf(text, searchFrom);
    if (found === -1) return start;
    if (i === lineIndex) return start + found + column;
    searchFrom = found + text.length;
  }
  return start;
}

/** Turns issue paths into positions: the deepest node on the path that exists in the document. */
function createLocator(source: string, parsed: ParsedSource) {
  const nodeAt = (path: IssuePath, at: 'key' | undefined) => {
    let node: unknown = parsed.document.contents;
    let keyNode: Node | undefined;
    let complete = true;
    for (const segment of path) {
      keyNode = undefined;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair !== undefined) {
          keyNode = pair.key as Node;
          next = pair.value ?? pair.key;
        }
      } else if (isSeq(node) && typeof segment === 'number') next = node.items[segment];
      if (next === undefined) {
        complete = false;
        break;
      }
      node = next;
    }
    if (at === 'key' && keyNode !== undefined && complete) return { node: keyNode, complete: false };
    return { node: node as Node | undefined, complete };
  };
  const offsetOf = (path: IssuePath, at?: 'key', offset?: number): number => {
    const { node, complete } = nodeAt(path, at);
    if (node?.range === undefined || node.range === null) return 0;
    if (offset !== undefined && complete) return offsetInScalar(source, node, offset);
    return node.range[0];
  };
  const position = (at: number): SourcePosition => {
    const { line, col } = parsed.lineCounter.linePos(at);
    return { line, column: col };
  };
  return {
    locate: (path: IssuePath): SourcePosition => position(offsetOf(path)),
    locateIssue: (issue: WorkflowIssue): SourcePosition =>
      position(offsetOf(issue.path, issue.at, issue.offset)),
  };
}

/**
 * Gives each path-located issue its file, line and column. Parses the source again when needed: that
 * happens only for invalid files, so the valid path never pays for position bookkeeping.
 */
export function locateIssues(
  source: string,
  file: string,
  issues: readonly WorkflowIssue[],
): ValidationIssue[] {
  const locator = createLocator(source, parseSource(source));
  const located = issues.map((issue) => {
    const { line, column } = locator.locateIssue(issue);
    const message = typeof issue.message === 'string' ? issue.message : issue.message(locator.locate);
    return { file, line, column, path: issue.path, message };
  });
  // In file order, the way a person fixes them; the sort is stable for issues at the same place.
  return located.sort((a, b) => a.line - b.line || a.column - b.column);
}

function syntaxIssues(parsed: ParsedSource, file: string, source: string): ValidationIssue[] {
  const lines = source.split('\n');
  const issues: ValidationIssue[] = [];
  for (const error of parsed.document.errors) {
    const { line, col } = parsed.lineCounter.linePos(error.pos[0]);
    const misplaced = misindentedKey(lines, line);
    if (misplaced) {
      // The parser complains where the value it swallowed the key into starts; the mistake is the key's line.
      if (!issues.some((issue) => issue.line === misplaced.line))
        issues.push({ file, path: [], ...misplaced });
      continue;
    }
    issues.push({ file, line, column: col, path: [], message: `YAML syntax: ${error.message}` });
  }
  return issues;
}

const keyLine = /^(\s*)(?:- )?([\w.-]+):(?:\s|$)/;

/**
 * `run: echo two` then ` dependsOn: [one]` one space further in: YAML reads the second line as more of
 * the first one's value, and fails there. Finds such a line after `line` (1-based) and explains it.
 */
function misindentedKey(
  lines: readonly string[],
  line: number,
): { line: number; column: number; message: string } | undefined {
  const owner = keyLine.exec(lines[line - 1] ?? '');
  if (!owner) return undefined;
  const ownerIndent = (lines[line - 1] ?? '').indexOf(owner[2]!);
  for (let next = line; next < lines.length; next++) {
    const text = lines[next]!;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    if (indent <= ownerIndent) return undefined;
    const key = keyLine.exec(text);
    if (key && !key[0].trimStart().startsWith('-')) {
      return {
        line: next + 1,
        column: indent + 1,
        message: `YAML syntax: '${key[2]}:' is indented ${indent} spaces, deeper than '${owner[2]}:' on line ${line} (${ownerIndent}), so YAML reads it as part of that value; indentation matters in YAML: line it up with '${owner[2]}:'`,
      };
    }
  }
  return undefined;
}

function parseData(source: string, file: string): unknown {
  const tooDeep = excessiveNesting(source);
  if (tooDeep) throw new WorkflowValidationError([{ file, ...tooDeep, path: [] }]);
  if (looksLikeJson(source, file)) {
    try {
      return JSON.parse(source);
    } catch {
      // Not valid JSON: the YAML parser below reports where it breaks (and accepts YAML in a .json file).
    }
  }
  const data = parseYamlSubset(source);
  if (data !== undefined) return data;
  const parsed = parseSource(source);
  const syntax = syntaxIssues(parsed, file, source);
  if (syntax.length > 0) throw new WorkflowValidationError(syntax);
  try {
    return parsed.document.toJS({ maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new WorkflowValidationError([
      { file, ...firstAlias(source), path: [], message: aliasLimitMessage },
    ]);
  }
}

/**
 * Valid definitions by step kinds and source text. Validation is a pure function of the two, and a
 * long-lived process (server, worker, a forEach over a sub-workflow) parses the same files over and
 * over. Only successes are kept; each caller gets its own copy, so no one can change another's.
 */
const validCache = new Map<string, WorkflowDefinition>();
const validCacheLimit = 256;

/**
 * Parses and validates a workflow file's text (YAML or JSON). Pure: `file` only labels the issues.
 * Throws WorkflowValidationError listing every problem with its line and column.
 */
export function parseWorkflow(source: string, file: string, options: ValidateOptions): WorkflowDefinition {
  const cacheKey = `${options.stepKinds.join(',')}\0${options.agentNames?.join(',') ?? '*'}\0${source}`;
  const known = validCache.get(cacheKey);
  if (known !== undefined) return clonePlainData(known);
  const definition = parseWorkflowUncached(source, file, options);
  if (validCache.size >= validCacheLimit) validCache.delete(validCache.keys().next().value!);
  validCache.set(cacheKey, clonePlainData(definition));
  return definition;
}

/** A deep copy of data made of plain objects, arrays and primitives (what YAML, JSON and zod produce);
 *  several times faster than structuredClone, which also handles types a definition never holds. */
function clonePlainData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clonePlainData) as T;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = clonePlainData((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** parseWorkflow without the cache of valid definitions: what a first parse of a file costs. */
export function parseWorkflowUncached(
  source: string,
  file: string,
  options: ValidateOptions,
): WorkflowDefinition {
  const data = parseData(source, file);
  if (data === null || data === undefined) {
    throw new WorkflowValidationError([
      {
        file,
        line: 1,
        column: 1,
        path: [],
        message: 'the file is empty; a workflow needs at least name and steps',
      },
    ]);
  }
  const { definition, issues } = validateWorkflow(data, options);
  if (definition !== undefined) return definition;
  throw new WorkflowValidationError(locateIssues(source, file, issues));
}
