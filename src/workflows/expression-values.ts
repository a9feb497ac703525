/**
 * Value semantics shared by the evaluator and the functions. Outputs of shell steps and `--input`
 * values arrive as strings, so equality and ordering compare a number with a numeric string as numbers.
 */

/** How a value appears inside a string: JSON for objects and arrays, nothing for null and undefined. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? undefined : number;
  }
  return undefined;
}

export function looseEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || left === undefined || right === null || right === undefined) {
    return (left === null || left === undefined) && (right === null || right === undefined);
  }
  if (typeof left === 'object' || typeof right === 'object') {
    return typeof left === typeof right && JSON.stringify(left) === JSON.stringify(right);
  }
  if (typeof left === typeof right) return false;
  if (typeof left === 'number' || typeof right === 'number') {
    const a = asNumber(left);
    const b = asNumber(right);
    return a !== undefined && a === b;
  }
  return String(left) === String(right);
}

/** `<`, `<=`, `>`, `>=`: numerically when both sides are numbers, by code units when both are strings. */
export function compareValues(operator: string, left: unknown, right: unknown): boolean {
  let a: number | string | undefined;
  let b: number | string | undefined;
  const leftNumber = asNumber(left);
  const rightNumber = asNumber(right);
  if (leftNumber !== undefined && rightNumber !== undefined) {
    a = leftNumber;
    b = rightNumber;
  } else if (typeof left === 'string' && typeof right === 'string') {
    a = left;
    b = right;
  } else return false;
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** Truthiness for `!`, `&&`, `||` and `?:`: JavaScript's. */
export function isTruthy(value: unknown): boolean {
  return Boolean(value);
}

/**
 * Truthiness for a step's `if`: JavaScript's, except that the strings `false` and `0` are false too,
 * because a condition often reads a shell step's output or a `--input` given on the command line.
 */
export function isConditionTrue(value: unknown): boolean {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    return text !== '' && text !== 'false' && text !== '0';
  }
  return Boolean(value);
}
