import { describe, expect, it } from 'vitest';
import { compileExpression, type ExpressionContext } from './expression.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-errors.js';

const context: ExpressionContext = {
  inputs: { target: 'prod', count: 3, flags: ['a', 'b'], nested: { deep: { value: 7 } }, empty: '' },
  steps: {
    build: { output: 'built ok', status: 'succeeded', attempt: 1 },
    'security-scan': {
      output: '{"issues":2}',
      outputs: { report: 'r.json', score: '9' },
      status: 'failed',
      attempt: 2,
    },
  },
  item: { name: 'eu', size: 10 },
  index: 4,
  execution: { id: 'exec-1' },
  step: { key: 'deploy', attempt: 2, idempotencyKey: 'exec-1:deploy:2' },
  env: { HOME: '/home/ax' },
};

function evaluate(text: string, ctx: ExpressionContext = context): unknown {
  return compileExpression(text).evaluate(ctx);
}

function syntaxError(text: string): ExpressionSyntaxError {
  try {
    compileExpression(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('compileExpression: reading the context', () => {
  it.each([
    ['inputs.target', 'prod'],
    ['inputs.nested.deep.value', 7],
    ["inputs['target']", 'prod'],
    ['inputs.flags[1]', 'b'],
    ['steps.build.output', 'built ok'],
    ['steps.build.status', 'succeeded'],
    ['steps.security-scan.status', 'failed'],
    ['steps.security-scan.outputs.report', 'r.json'],
    ["steps['security-scan'].attempt", 2],
    ['item.name', 'eu'],
    ['index', 4],
    ['execution.id', 'exec-1'],
    ['step.attempt', 2],
    ['step.idempotencyKey', 'exec-1:deploy:2'],
    ['env.HOME', '/home/ax'],
    ['inputs.missing', undefined],
    ['steps.build.outputs.none', undefined],
  ])('%s → %j', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('never reaches the prototype chain', () => {
    expect(evaluate('inputs.constructor')).toBeUndefined();
    expect(evaluate("inputs['__proto__']")).toBeUndefined();
    expect(evaluate('inputs.target.constructor')).toBeUndefined();
  });

  it('reads string length and characters, and a dynamic index', () => {
    expect(evaluate('inputs.target.length')).toBe(4);
    expect(evaluate('inputs.target[0]')).toBe('p');
    expect(evaluate('inputs.flags[index]', { ...context, index: 1 })).toBe('b');
    expect(evaluate('inputs.flags[index]', { ...context, index: 5 })).toBeUndefined();
  });
});

describe('compileExpression: operators and functions', () => {
  it.each([
    ["inputs.target == 'prod'", true],
    ["inputs.target != 'prod'", false],
    ['steps.security-scan.outputs.score == 9', true],
    ['inputs.count > 2 && inputs.count <= 3', true],
    ['inputs.count < 2 || index >= 4', true],
    ['!inputs.empty', true],
    ["inputs.count > 5 ? 'big' : 'small'", 'small'],
    ['(inputs.count > 1) == true', true],
    ["'b' < 'c'", true],
    ['-1 < 0', true],
    ['null == inputs.missing', true],
    ["inputs.empty || 'fallback'", 'fallback'],
    ["contains(inputs.flags, 'b')", true],
    ["contains(steps.build.output, 'ok')", true],
    ["startsWith(inputs.target, 'pr')", true],
    ["endsWith(inputs.target, 'x')", false],
    ['toJSON(inputs.flags)', '["a","b"]'],
    ['fromJSON(steps.security-scan.output).issues', 2],
    ["join(inputs.flags, '+')", 'a+b'],
    ['join(inputs.flags)', 'a,b'],
    ['length(inputs.flags)', 2],
    ['length(inputs.nested)', 1],
    ['[1, inputs.count]', [1, 3]],
  ])('%s → %j', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('reports text that is not JSON as an evaluation error', () => {
    expect(() => evaluate('fromJSON(steps.build.output)')).toThrow(ExpressionEvaluationError);
  });
});

describe('compileExpression: references', () => {
  it('lists every name the expression reads', () => {
    const { references } = compileExpression(
      'inputs.a == steps.build.status && steps.security-scan.outputs.report != item.x ? env.HOME : steps.c || steps.t.output.files[0].path',
    );
    expect(references).toEqual([
      { root: 'inputs', name: 'a' },
      { root: 'steps', key: 'build', field: 'status' },
      { root: 'steps', key: 'security-scan', field: 'outputs', name: 'report' },
      { root: 'item', path: ['x'] },
      { root: 'env' },
      { root: 'steps', key: 'c' },
      { root: 'steps', key: 't', field: 'output', path: ['files', '0', 'path'] },
    ]);
  });
});

describe('compileExpression: errors', () => {
  it.each([
    ['inputs.', 'unexpected end of expression'],
    ['inputs.a == #', 'Expected expression after =='],
    ['#', "unexpected '#'"],
    ['inputs.a +', 'Expected expression after +'],
    ["'unclosed", 'Unclosed quote'],
    ['input.target', "unknown name 'input' — did you mean 'inputs'?"],
    ['secrets.token', "unknown name 'secrets'"],
    ["contain(inputs.a, 'x')", "unknown function 'contain' — did you mean 'contains'?"],
    ['length(inputs.a, 2)', 'length() takes 1 argument, got 2'],
    ['inputs.a + 1', "operator '+' is not supported"],
    ['inputs.a === 1', "operator '===' is not supported (use ==)"],
    ['inputs.a inputs.b', 'an expression is one value'],
    ['this.a', "'this' is not available"],
    ['steps.build.result', "a step has no field 'result'"],
    ['steps.build.outptu', "did you mean 'output'?"],
    ['steps[inputs.k].output', 'steps must be followed by a step key'],
    ['inputs[index]', 'inputs must be followed by an input name'],
    ['execution.name', "execution has no field 'name'"],
    ['inputs.a.b()', 'only the built-in functions can be called'],
    ['   ', 'empty expression'],
  ])('%s is refused: %s', (text, message) => {
    expect(syntaxError(text).reason).toContain(message);
  });

  it('gives the offset of a syntax error in the text as written, dashed keys included', () => {
    expect(syntaxError('inputs.a +').offset).toBe(10);
    // `steps.my-step` is rewritten to steps["my-step"] before parsing; the offset still counts the original text.
    expect(syntaxError("steps.my-step.output == 'x' &&").offset).toBe(30);
    expect(syntaxError('steps.my-step.output == @').offset).toBe(24);
  });

  it('points at the unknown name, function or field, not at the start', () => {
    expect(syntaxError('inputs.a == nope.b').offset).toBe(12);
    expect(syntaxError("contains(inputs.a, 'nope') || nope(1)").offset).toBe(30);
    expect(syntaxError('  steps.x.outptu').offset).toBe(10);
  });

  it('adds the offset of the expression inside its template', () => {
    expect(compileExpressionOffset('inputs.a +', 20)).toBe(30);
  });
});

function compileExpressionOffset(text: string, offset: number): number {
  try {
    compileExpression(text, offset);
  } catch (error) {
    return (error as ExpressionSyntaxError).offset;
  }
  return -1;
}
