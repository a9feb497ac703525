// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import { describe, expect, it } from 'vitest';
import type { ExpressionContext } from './expression.js';
import { ExpressionSyntaxError } from './expression-errors.js';
import {
  compileCondition,
  compileConditionCached,
  compileTemplate,
  compileTemplateCached,
  evaluateCondition,
} from './template.js';

const context: ExpressionContext = {
  inputs: { name: 'world', list: [1, 2], config: { a: 1 }, none: null, flag: 'false', zero: 0 },
  steps: { build: { output: 'ok', status: 'succeeded' }, 'unit-test': { output: '3', status: 'failed' } },
};

describe('compileTemplate', () => {
  it('renders text with expressions, objects as JSON and nothing for null', () => {
    const template = compileTemplate(
      'hello ${{ inputs.name }}: ${{ inputs.list }} ${{ inputs.config }} [${{ inputs.none }}]',
    );
    expect(template.render(context)).toBe('hello world: [1,2] {"a":1} []');
    expect(template.isConstant).toBe(false);
  });

  it('leaves text without expressions alone and says so', () => {
    const template = compileTemplate('echo "no ${ expressions } here" && echo {{ x }}');
    expect(template.isConstant).toBe(true);
    expect(template.render(context)).toBe('echo "no ${ expressions } here" && echo {{ x }}');
  });

  it('evaluates a template that is exactly one expression to its raw value', () => {
    expect(compileTemplate('${{ inputs.list }}').evaluate(context)).toEqual([1, 2]);
    expect(compileTemplate('  ${{ inputs.zero }}\n').evaluate(context)).toBe(0);
    expect(compileTemplate('n=${{ inputs.zero }}').evaluate(context)).toBe('n=0');
  });

  it('allows braces inside string literals of an expression', () => {
    expect(compileTemplate("${{ inputs.name == '}}' ? 'x' : 'y' }}").render(context)).toBe('y');
  });

  it('reads dashed step keys', () => {
    expect(
      compileTemplate('${{ steps.unit-test.output }}/${{ steps.unit-test.status }}').render(context),
    ).toBe('3/failed');
  });

  it('reports the offset of a bad expression within the whole template', () => {
    const text = 'echo ${{ inputs.name }} ${{ inputs.name + 1 }}';
    try {
      compileTemplate(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      const { offset, reason } = error as ExpressionSyntaxError;
      expect(reason).toContain('operator');
      expect(offset).toBe(text.indexOf('inputs.name +'));
    }
  });

  it('reports an expression that is never closed', () => {
    expect(() => compileTemplate('echo ${{ inputs.name')).toThrow(/not closed/);
  });

  it('lists the references of every expression with their offsets', () => {
    const template = compileTemplate('${{ inputs.name }}-${{ steps.build.output }}');
    expect(template.references).toEqual([
      { root: 'inputs', name: 'name' },
      { root: 'steps', key: 'build', field: 'output' },
    ]);
    expect(template.expressions.map((part) => part.offset)).toEqual([3, 22]);
  });

  it('caches compiled templates by text', () => {
    expect(compileTemplateCached('a ${{ inputs.name }}')).toBe(compileTemplateCached('a ${{ inputs.name }}'));
    expect(compileConditionCached('inputs.name')).toBe(compileConditionCached('inputs.name'));
  });
});

describe('conditions', () => {
  it('accepts a bare expression or a template', () => {
    expect(evaluateCondition("steps.build.status == 'succeeded'", context)).toBe(true);
    expect(evaluateCondition("${{ steps.unit-test.status == 'succeeded' }}", context)).toBe(false);
    expect(compileCondition('inputs.name').references).toEqual([{ root: 'inputs', name: 'name' }]);
  });

  it('treats the strings false and 0, empty text and falsy values as false', () => {
    for (const text of [
      'inputs.flag',
      '${{ inputs.flag }}',
      'inputs.zero',
      'inputs.none',
      "''",
      "'0'",
      "' FALSE '",
    ]) {
      expect(evaluateCondition(text, context), text).toBe(false);
    }
    for (const text of ['inputs.name', "'no'", 'inputs.list', '1']) {
      expect(evaluateCondition(text, context), text).toBe(true);
    }
  });

  it('refuses a bad bare expression with its offset', () => {
    expect(() => compileCondition('inputs.name ==')).toThrow(ExpressionSyntaxError);
  });
});
