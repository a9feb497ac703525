const marker = Symbol.for('automatosx.error');

/** What a failure means for the process that hit it: CLI exit code 2 for bad input, 1 for failed work. */
export const ErrorKind = {
  invalidInput: 'invalid-input',
  failed: 'failed',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export interface AutomatosxErrorOptions {
  code: string;
  kind?: ErrorKind;
  cause?: unknown;
}

/**
 * Base of every error a caller can act on. Each subclass carries a stable `code`; `isInstance` works
 * across duplicated package copies because it checks a registered symbol, not the prototype chain.
 */
export class AutomatosxError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly kind: ErrorKind;

  constructor(message: string, options: AutomatosxErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.kind = options.kind ?? ErrorKind.failed;
  }

  static isInstance(value: unknown): value is AutomatosxError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

/** Bad input from a person or a file: the CLI exits with code 2 and nothing is stored. */
export class InvalidInputError extends AutomatosxError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, {
      code: options.code ?? 'invalid-input',
      kind: ErrorKind.invalidInput,
      cause: options.cause,
    });
  }
}
