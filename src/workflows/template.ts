import {
  type CompiledExpression,
  compileExpression,
  type ExpressionContext,
  type ExpressionReference,
} from './expression.js';
import { ExpressionSyntaxError } from './expression-errors.js';
import { isConditionTrue, stringifyValue } from './expression-values.js';

/** One `${{ … }}` of a template: `offset` is where its inner text starts in the template. */
export interface TemplateExpression {
  readonly offset: number;
  readonly expression: CompiledExpression;
}

export interface Template {
  readonly source: string;
  /** True when the text has no `${{ … }}`: rendering returns it unchanged. */
  readonly isConstant: boolean;
  readonly expressions: readonly TemplateExpression[];
  /** Literal text and expressions in source order (what `run:` scripts turn into variables). */
  readonly parts: readonly (string | TemplateExpression)[];
  readonly references: readonly ExpressionReference[];
  /** The text with every expression replaced by its value (JSON for objects and arrays). */
  render(context: ExpressionContext): string;
  /** The raw value when the template is exactly one `${{ expr }}`, otherwise the rendered string. */
  evaluate(context: ExpressionContext): unknown;
}

type Part = string | TemplateExpression;

class CompiledTemplate implements Template {
  readonly isConstant: boolean;
  readonly expressions: readonly TemplateExpression[];
  readonly references: readonly ExpressionReference[];
  private readonly single: TemplateExpression | undefined;

  constructor(
    readonly source: string,
    readonly parts: readonly Part[],
  ) {
    this.expressions = parts.filter((part): part is TemplateExpression => typeof part !== 'string');
    this.isConstant = this.expressions.length === 0;
    this.references = this.expressions.flatMap((part) => part.expression.references);
    const literalText = parts.filter((part): part is string => typeof part === 'string').join('');
    this.single =
      this.expressions.length === 1 && literalText.trim() === '' ? this.expressions[0] : undefined;
  }

  render(context: ExpressionContext): string {
    if (this.isConstant) return this.source;
    let text = '';
    for (const part of this.parts) {
      text += typeof part === 'string' ? part : stringifyValue(part.expression.evaluate(context));
    }
    return text;
  }

  evaluate(context: ExpressionContext): unknown {
    return this.single === undefined ? this.render(context) : this.single.expression.evaluate(context);
  }
}

/** Finds the `}}` that closes an expression, skipping quoted strings that may contain braces. */
function findClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") {
      i++;
      while (i < text.length && text[i] !== char) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (char === '}' && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

/** Parses every `${{ … }}` in `text`; throws ExpressionSyntaxError with the offset of the first bad one. */
export function compileTemplate(text: string): Template {
  const parts: Part[] = [];
  let position = 0;
  for (;;) {
    const open = text.indexOf('${{', position);
    if (open === -1) break;
    if (open > position) parts.push(text.slice(position, open));
    const inner = open + 3;
    const close = findClose(text, inner);
    if (close === -1) {
      throw new ExpressionSyntaxError("an expression is not closed: '}}' is missing", {
        offset: open,
        expression: text.slice(open),
      });
    }
    parts.push({ offset: inner, expression: compileExpression(text.slice(inner, close), inner) });
    position = close + 2;
  }
  if (position < text.length) parts.push(text.slice(position));
  return new CompiledTemplate(text, parts);
}

/**
 * An `if` accepts `${{ expr }}` or a bare expression (`steps.test.status == 'succeeded'`). Text without
 * `${{` is compiled as one expression.
 */
export function compileCondition(text: string): Template {
  if (text.includes('${{')) return compileTemplate(text);
  return new CompiledTemplate(text, [{ offset: 0, expression: compileExpression(text, 0) }]);
}

const templateCache = new Map<string, Template>();
const conditionCache = new Map<string, Template>();
const cacheLimit = 10_000;

function cached(cache: Map<string, Template>, text: string, compile: (text: string) => Template): Template {
  let template = cache.get(text);
  if (template === undefined) {
    template = compile(text);
    // A bounded cache: a long-lived server sees many workflows; dropping everything is simpler than LRU
    // and compiling again costs microseconds.
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(text, template);
  }
  return template;
}

/** compileTemplate, memoised by text: the validator and the engine compile the same strings. */
export function compileTemplateCached(text: string): Template {
  return cached(templateCache, text, compileTemplate);
}

/** compileCondition, memoised by text. */
export function compileConditionCached(text: string): Template {
  return cached(conditionCache, text, compileCondition);
}

/** Evaluates a step's `if`. The strings `false` and `0` count as false, as does an empty string. */
export function evaluateCondition(text: string, context: ExpressionContext): boolean {
  return isConditionTrue(compileConditionCached(text).evaluate(context));
}
