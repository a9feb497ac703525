import jsep from 'jsep';
import { nearestNames } from '../errors/index.js';
import { ExpressionSyntaxError } from './expression-errors.js';
import { evaluateNode } from './expression-evaluator.js';
import { expressionFunctions } from './expression-functions.js';

/** What an expression can read while a step runs. */
export interface ExpressionContext {
  inputs: Record<string, unknown>;
  steps: Record<
    string,
    { output?: unknown; outputs?: Record<string, unknown>; status: string; attempt?: number }
  >;
  item?: unknown;
  index?: number;
  execution?: { id: string };
  step?: { key: string; attempt: number; idempotencyKey: string };
  env?: Record<string, string | undefined>;
}

/** A name an expression reads; the validator checks each against the workflow. */
export type ExpressionReference =
  | { root: 'inputs'; name: string }
  | {
      root: 'steps';
      key: string;
      field?: string;
      name?: string;
      /** After `output`: the property names read from a structured answer (`severity`, `files`, `0`). */
      path?: readonly string[];
    }
  /** `item.path.name`: the property names read from the current forEach element, when any. */
  | { root: 'item'; path?: readonly string[] }
  | { root: 'index' | 'execution' | 'step' | 'env' };

export const expressionRoots = ['inputs', 'steps', 'item', 'index', 'execution', 'step', 'env'] as const;
export type ExpressionRoot = (typeof expressionRoots)[number];

/** The fields each context object has; reading any other is a mistake worth reporting before the run. */
const rootFields: Partial<Record<ExpressionRoot, readonly string[]>> = {
  execution: ['id'],
  step: ['key', 'attempt', 'idempotencyKey'],
};
export const stepFields = ['output', 'outputs', 'status', 'attempt'] as const;

const binaryOperators = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const supportedOperators = '== != < <= > >= && || ! and ?:';

/** The safe expression tree the evaluator walks; built from jsep's tree after checking every node. */
export type ExpressionNode =
  | { type: 'literal'; value: unknown }
  | { type: 'array'; elements: ExpressionNode[] }
  | { type: 'root'; name: ExpressionRoot }
  | { type: 'member'; object: ExpressionNode; property: string | ExpressionNode }
  | { type: 'not'; argument: ExpressionNode }
  | { type: 'binary'; operator: string; left: ExpressionNode; right: ExpressionNode }
  | { type: 'conditional'; test: ExpressionNode; consequent: ExpressionNode; alternate: ExpressionNode }
  | { type: 'call'; name: string; args: ExpressionNode[] };

export interface CompiledExpression {
  readonly source: string;
  readonly references: readonly ExpressionReference[];
  evaluate(context: ExpressionContext): unknown;
}

interface Rewrite {
  /** Offset in the rewritten text where the replacement starts and ends, and the original offset. */
  start: number;
  end: number;
  original: number;
  delta: number;
}

const identifierStart = /[A-Za-z_$]/;
const identifierPart = /[A-Za-z0-9_$]/;
const dashedKey = /^\.([A-Za-z][A-Za-z0-9_-]*)/;

/**
 * Step keys may contain `-`, which jsep reads as subtraction. Subtraction is not part of the language,
 * so `steps.security-scan` is rewritten to `steps["security-scan"]` before parsing (outside string
 * literals only). The rewrites are kept so syntax error offsets point into the text the person wrote.
 */
function rewriteDashedStepKeys(text: string): { text: string; rewrites: Rewrite[] } {
  if (!text.includes('-')) return { text, rewrites: [] };
  let out = '';
  const rewrites: Rewrite[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' || char === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== char) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (
      text.startsWith('steps', i) &&
      (i === 0 || !identifierPart.test(text[i - 1]!)) &&
      text[i - 1] !== '.' &&
      !identifierPart.test(text[i + 5] ?? '')
    ) {
      const match = dashedKey.exec(text.slice(i + 5));
      if (match?.[1]?.includes('-')) {
        const replacement = `steps[${JSON.stringify(match[1])}]`;
        rewrites.push({
          start: out.length,
          end: out.length + replacement.length,
          original: i,
          delta: replacement.length - (5 + match[0].length),
        });
        out += replacement;
        i += 5 + match[0].length;
        continue;
      }
    }
    if (identifierStart.test(char)) {
      let j = i + 1;
      while (j < text.length && identifierPart.test(text[j]!)) j++;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    out += char;
    i++;
  }
  return { text: out, rewrites };
}

function originalOffset(offset: number, rewrites: readonly Rewrite[]): number {
  let shift = 0;
  for (const rewrite of rewrites) {
    if (offset < rewrite.start) break;
    if (offset < rewrite.end) return rewrite.original;
    shift += rewrite.delta;
  }
  return offset - shift;
}

/** Where `word` first occurs in `text` as a whole word (not inside a longer name or a string), or -1. */
export function wordOffset(text: string, word: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at === -1) return -1;
    const before = text[at - 1] ?? ' ';
    const after = text[at + word.length] ?? ' ';
    const quotesBefore = (text.slice(0, at).match(/['"]/g) ?? []).length;
    if (!identifierPart.test(before) && !identifierPart.test(after) && quotesBefore % 2 === 0) return at;
    from = at + 1;
  }
}

class Converter {
  readonly references: ExpressionReference[] = [];

  constructor(
    private readonly source: string,
    private readonly offset: number,
  ) {}

  /** Throws, pointing at `near` (the word at fault) when it occurs in the text, else at the start. */
  fail(reason: string, near?: string): never {
    const at = near === undefined ? -1 : wordOffset(this.source, near);
    const offset =
      at === -1 ? this.offset : this.offset + at - (this.source.length - this.source.trimStart().length);
    throw new ExpressionSyntaxError(reason, { offset, expression: this.source });
  }

  convert(node: jsep.Expression): ExpressionNode {
    switch (node.type) {
      case 'Literal': {
        const value = (node as jsep.Literal).value;
        if (value instanceof RegExp) this.fail('regular expressions are not supported');
        return { type: 'literal', value };
      }
      case 'ArrayExpression':
        return {
          type: 'array',
          elements: (node as jsep.ArrayExpression).elements.map((element) =>
            element === null ? { type: 'literal', value: null } : this.convert(element),
          ),
        };
      case 'Identifier':
      case 'MemberExpression':
        return this.convertChain(node);
      case 'UnaryExpression': {
        const unary = node as jsep.UnaryExpression;
        const argument = this.convert(unary.argument);
        if (unary.operator === '!') return { type: 'not', argument };
        if (unary.operator === '-' && argument.type === 'literal' && typeof argument.value === 'number') {
          return { type: 'literal', value: -argument.value };
        }
        return this.fail(
          `operator '${unary.operator}' is not supported; expressions support ${supportedOperators}`,
        );
      }
      case 'BinaryExpression': {
        const binary = node as jsep.BinaryExpression;
        if (!binaryOperators.has(binary.operator)) {
          const hint =
            binary.operator === '===' || binary.operator === '!=='
              ? ` (use ${binary.operator.slice(0, 2)})`
              : '';
          if (binary.operator === '-') {
            this.fail("'-' is not supported; a step key with dashes is written steps.my-step.output");
          }
          this.fail(
            `operator '${binary.operator}' is not supported${hint}; expressions support ${supportedOperators}`,
          );
        }
        return {
          type: 'binary',
          operator: binary.operator,
          left: this.convert(binary.left),
          right: this.convert(binary.right),
        };
      }
      case 'ConditionalExpression': {
        const conditional = node as jsep.ConditionalExpression;
        return {
          type: 'conditional',
          test: this.convert(conditional.test),
          consequent: this.convert(conditional.consequent),
          alternate: this.convert(conditional.alternate),
        };
      }
      case 'CallExpression': {
        const call = node as jsep.CallExpression;
        if (call.callee.type !== 'Identifier') this.fail('only the built-in functions can be called');
        const name = (call.callee as jsep.Identifier).name;
        const fn = expressionFunctions[name];
        if (fn === undefined) {
          const names = Object.keys(expressionFunctions);
          const near = nearestNames(name, names);
          const suggestion = near.length > 0 ? ` — did you mean '${near[0]}'?` : '';
          this.fail(`unknown function '${name}'${suggestion} Functions: ${names.join(', ')}`, name);
        }
        if (call.arguments.length < fn.minArgs || call.arguments.length > fn.maxArgs) {
          const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
          this.fail(
            `${name}() takes ${expected} argument${fn.maxArgs === 1 ? '' : 's'}, got ${call.arguments.length}`,
          );
        }
        return { type: 'call', name, args: call.arguments.map((argument) => this.convert(argument)) };
      }
      case 'Compound':
        return this.fail(
          'an expression is one value; found several next to each other (missing an operator?)',
        );
      case 'ThisExpression':
        return this.fail("'this' is not available; use inputs, steps, item, index, execution, step or env");
      default:
        return this.fail(`${node.type} is not supported in expressions`);
    }
  }

  /** A chain `root.a['b'].c`: checks the root and the fields the context defines, and records the reference. */
  private convertChain(node: jsep.Expression): ExpressionNode {
    const links: (string | jsep.Expression)[] = [];
    let current = node;
    while (current.type === 'MemberExpression') {
      const member = current as jsep.MemberExpression;
      const property = member.property;
      if (!member.computed && property.type === 'Identifier')
        links.unshift((property as jsep.Identifier).name);
      else if (property.type === 'Literal' && typeof (property as jsep.Literal).value !== 'object') {
        links.unshift(String((property as jsep.Literal).value));
      } else links.unshift(property);
      current = member.object;
    }
    if (current.type !== 'Identifier') {
      let base = this.convert(current);
      for (const link of links) base = { type: 'member', object: base, property: this.property(link) };
      return base;
    }
    const name = (current as jsep.Identifier).name;
    if (!(expressionRoots as readonly string[]).includes(name)) {
      const near = nearestNames(name, expressionRoots);
      const suggestion = near.length > 0 ? ` — did you mean '${near[0]}'?` : '';
      this.fail(
        `unknown name '${name}'${suggestion} Expressions can read ${expressionRoots.join(', ')}`,
        name,
      );
    }
    const root = name as ExpressionRoot;
    this.recordReference(root, links);
    let result: ExpressionNode = { type: 'root', name: root };
    for (const link of links) result = { type: 'member', object: result, property: this.property(link) };
    return result;
  }

  private property(link: string | jsep.Expression): string | ExpressionNode {
    return typeof link === 'string' ? link : this.convert(link);
  }

  private recordReference(root: ExpressionRoot, links: readonly (string | jsep.Expression)[]): void {
    const [first, second, third] = links;
    if (root === 'inputs') {
      if (typeof first !== 'string')
        this.fail('inputs must be followed by an input name, as in inputs.target');
      this.references.push({ root, name: first });
      return;
    }
    if (root === 'steps') {
      if (typeof first !== 'string')
        this.fail('steps must be followed by a step key, as in steps.build.output');
      if (second === undefined) {
        this.references.push({ root, key: first });
        return;
      }
      if (typeof second !== 'string')
        this.fail(`steps.${first} must be followed by ${stepFields.join(', ')}`);
      if (!(stepFields as readonly string[]).includes(second)) {
        const near = nearestNames(second, stepFields);
        const suggestion = near.length > 0 ? `did you mean '${near[0]}'? ` : '';
        this.fail(
          `a step has no field '${second}'; ${suggestion}A step has ${stepFields.join(', ')}`,
          second,
        );
      }
      if (second === 'outputs' && typeof third === 'string') {
        this.references.push({ root, key: first, field: second, name: third });
      } else if (second === 'output' && typeof third === 'string') {
        const end = links.findIndex((link, index) => index >= 2 && typeof link !== 'string');
        const path = links.slice(2, end === -1 ? undefined : end) as string[];
        this.references.push({ root, key: first, field: second, path });
      } else this.references.push({ root, key: first, field: second });
      return;
    }
    const fields = rootFields[root];
    if (fields !== undefined && typeof first === 'string' && !fields.includes(first)) {
      this.fail(`${root} has no field '${first}'; it has ${fields.join(', ')}`, first);
    }
    if (root === 'item' && typeof first === 'string') {
      const end = links.findIndex((link) => typeof link !== 'string');
      this.references.push({ root, path: links.slice(0, end === -1 ? undefined : end) as string[] });
      return;
    }
    this.references.push({ root } as ExpressionReference);
  }
}

/** Brackets an expression may nest: the parser and evaluator recurse once per level. */
export const maxExpressionDepth = 32;

/** Where brackets (outside quoted strings) first nest deeper than `maxExpressionDepth`, if they do. */
function deepestNesting(source: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === '[' || char === '{') {
      if (++depth > maxExpressionDepth) return i;
    } else if (char === ')' || char === ']' || char === '}') depth--;
  }
  return undefined;
}

/**
 * Compiles the text inside one `${{ … }}`. `offset` is where that text starts in the enclosing
 * template, so errors point at the right column of the file.
 */
export function compileExpression(source: string, offset = 0): CompiledExpression {
  if (source.trim() === '') {
    throw new ExpressionSyntaxError('empty expression', { offset, expression: source });
  }
  const tooDeep = deepestNesting(source);
  if (tooDeep !== undefined) {
    throw new ExpressionSyntaxError(
      `the expression nests more than ${maxExpressionDepth} levels of brackets (a limit against hostile files)`,
      { offset: offset + tooDeep, expression: source.slice(0, 80) },
    );
  }
  const { text, rewrites } = rewriteDashedStepKeys(source);
  let parsed: jsep.Expression;
  try {
    parsed = jsep(text);
  } catch (error) {
    const details = error as { description?: string; index?: number };
    const index = typeof details.index === 'number' ? details.index : 0;
    const at = originalOffset(index, rewrites);
    let reason = details.description ?? String(error);
    // jsep says "Unexpected " with the character, which is empty at the end of the text.
    if (reason.startsWith('Unexpected')) {
      reason = index >= text.length ? 'unexpected end of expression' : `unexpected '${text[index]}'`;
    }
    throw new ExpressionSyntaxError(reason, {
      offset: offset + at,
      expression: source,
      cause: error,
    });
  }
  // Checks below report the expression as a whole: point at its first character, not the space before it.
  const converter = new Converter(source, offset + source.length - source.trimStart().length);
  const tree = converter.convert(parsed);
  const references = converter.references;
  return {
    source,
    references,
    evaluate: (context) => evaluateNode(tree, context),
  };
}
