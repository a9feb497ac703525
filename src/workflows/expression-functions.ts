import { ExpressionEvaluationError } from './expression-errors.js';
import { looseEquals, stringifyValue } from './expression-values.js';

export interface ExpressionFunction {
  minArgs: number;
  maxArgs: number;
  call(args: unknown[]): unknown;
}

/** The only functions an expression may call. Each is total on its inputs except fromJSON on bad text. */
export const expressionFunctions: Readonly<Record<string, ExpressionFunction>> = {
  contains: {
    minArgs: 2,
    maxArgs: 2,
    call: ([haystack, needle]) => {
      if (typeof haystack === 'string') return haystack.includes(stringifyValue(needle));
      if (Array.isArray(haystack)) return haystack.some((element) => looseEquals(element, needle));
      return false;
    },
  },
  startsWith: {
    minArgs: 2,
    maxArgs: 2,
    call: ([text, prefix]) => typeof text === 'string' && text.startsWith(stringifyValue(prefix)),
  },
  endsWith: {
    minArgs: 2,
    maxArgs: 2,
    call: ([text, suffix]) => typeof text === 'string' && text.endsWith(stringifyValue(suffix)),
  },
  toJSON: {
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => JSON.stringify(value) ?? 'null',
  },
  fromJSON: {
    minArgs: 1,
    maxArgs: 1,
    call: ([text]) => {
      try {
        return JSON.parse(stringifyValue(text));
      } catch (error) {
        const shown = stringifyValue(text).slice(0, 60);
        throw new ExpressionEvaluationError(`fromJSON: not JSON: ${JSON.stringify(shown)}`, { cause: error });
      }
    },
  },
  join: {
    minArgs: 1,
    maxArgs: 2,
    call: ([list, separator]) => {
      const glue = separator === undefined ? ',' : stringifyValue(separator);
      if (Array.isArray(list)) return list.map((element) => stringifyValue(element)).join(glue);
      return stringifyValue(list);
    },
  },
  length: {
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => {
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (value !== null && typeof value === 'object') return Object.keys(value).length;
      return 0;
    },
  },
};
