import { AutomatosxError, InvalidInputError } from '../errors/index.js';

/**
 * An expression that cannot be compiled: bad syntax, an unknown name or function, an unsupported
 * operator. `offset` is the 0-based position in the text that was compiled (the whole template when
 * it came from `compileTemplate`), so the validator can turn it into a line and column.
 */
export class ExpressionSyntaxError extends InvalidInputError {
  readonly offset: number;
  readonly expression: string;
  /** The message without the position suffix, for callers that add their own location. */
  readonly reason: string;

  constructor(reason: string, options: { offset: number; expression: string; cause?: unknown }) {
    super(`${reason} (in \`${options.expression}\` at offset ${options.offset})`, {
      code: 'expression-invalid',
      cause: options.cause,
    });
    this.offset = options.offset;
    this.expression = options.expression;
    this.reason = reason;
  }
}

/** An expression that compiled but failed while evaluating, e.g. `fromJSON` of text that is not JSON. */
export class ExpressionEvaluationError extends AutomatosxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'expression-failed', cause: options.cause });
  }
}
