// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileExpression } from './expression.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from './expression-errors.js';
import { parseWorkflow } from './parse-workflow.js';
import { compileTemplate } from './template.js';
import { validateWorkflow } from './validate-workflow.js';
import { WorkflowValidationError } from './workflow-validation-error.js';

const options = { stepKinds: ['run', 'approval', 'workflow'] as const };

/** Anything a person might put in a field, right type or not. */
const anyValue = fc.oneof(
  fc.constantFrom(
    'build',
    'test',
    'echo ${{ inputs.x }}',
    '${{ steps.build.output }}',
    '${{ item }}',
    '${{ bad +',
    '30s',
    '',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('build', 'test', 'x', 1, null), { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('command', 'env', 'message', 'attempts', 'x'),
    fc.constantFrom('a', 1, true, null, '${{ inputs.x }}'),
    {
      maxKeys: 3,
    },
  ),
);
const stepField = fc.constantFrom(
  'key',
  'dependsOn',
  'run',
  'approval',
  'workflow',
  'agent',
  'action',
  'prompt',
  'if',
  'forEach',
  'with',
  'concurrency',
  'outputs',
  'retry',
  'timeout',
  'continueOnError',
  'dependOn',
  'unknown',
);
const step = fc.dictionary(stepField, anyValue, { maxKeys: 6 });
const workflow = fc.record(
  {
    name: anyValue,
    inputs: fc.oneof(
      anyValue,
      fc.dictionary(
        fc.constantFrom('x', 'y'),
        fc.dictionary(fc.constantFrom('type', 'default', 'required'), anyValue),
      ),
    ),
    steps: fc.oneof(anyValue, fc.array(fc.oneof(step, anyValue), { maxLength: 6 })),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('validation is total (property)', () => {
  it('never throws on any document: it returns a definition or issues, never both', () => {
    fc.assert(
      fc.property(workflow, (value) => {
        const { definition, issues } = validateWorkflow(value, options);
        expect(definition === undefined).toBe(issues.length > 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('locates every issue of any document written as YAML at a real line and column', () => {
    fc.assert(
      fc.property(workflow, (value) => {
        const source = stringify(value);
        try {
          parseWorkflow(source, 'fuzz.yaml', options);
        } catch (error) {
          expect(error).toBeInstanceOf(WorkflowValidationError);
          const lineCount = source.split('\n').length;
          for (const issue of (error as WorkflowValidationError).issues) {
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.line).toBeLessThanOrEqual(lineCount);
            expect(issue.column).toBeGreaterThanOrEqual(1);
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('expressions are total (property)', () => {
  const fragment = fc.constantFrom(
    'inputs',
    'steps',
    'item',
    'index',
    'env',
    'execution',
    'step',
    '.',
    '.x',
    '.my-step',
    '[0]',
    "['k']",
    '(',
    ')',
    ' ',
    '==',
    '!=',
    '<',
    '&&',
    '||',
    '!',
    '?',
    ':',
    "'s'",
    '"d"',
    '1',
    '-',
    '+',
    'contains(',
    'length(',
    ',',
    'toJSON(',
    'fromJSON(',
    'output',
    'outputs',
    'status',
    '}}',
    '${{',
    'true',
    'null',
    '[',
    ']',
    '__proto__',
    'constructor',
  );
  const expressionText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
  const context = fc.record({
    inputs: fc.dictionary(fc.constantFrom('k', 'x', '__proto__'), fc.jsonValue({ maxDepth: 2 })),
    steps: fc.dictionary(
      fc.constantFrom('my-step', 'build'),
      fc.record({
        output: fc.jsonValue({ maxDepth: 2 }),
        status: fc.constantFrom('succeeded', 'failed'),
        outputs: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
      }),
    ),
    item: fc.jsonValue({ maxDepth: 2 }),
    index: fc.nat(),
  });

  it('compiling fails only with ExpressionSyntaxError at an offset inside the text', () => {
    fc.assert(
      fc.property(expressionText, (text) => {
        try {
          compileExpression(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionSyntaxError);
          const { offset } = error as ExpressionSyntaxError;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('evaluating fails only with ExpressionEvaluationError, and templates render to strings', () => {
    fc.assert(
      fc.property(expressionText, context, (text, ctx) => {
        let template: ReturnType<typeof compileTemplate>;
        try {
          template = compileTemplate(`a ${text} \${{ ${text} }}`);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionSyntaxError);
          return;
        }
        try {
          expect(typeof template.render(ctx)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionEvaluationError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
