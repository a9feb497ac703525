import { redactStrings } from './redact-secrets.js';

/**
 * `target` with every method's arguments passed through the secret policy first: wrapped around a
 * store, nothing written to it (events, step outputs, errors, inputs) can hold a known secret or a
 * credential-shaped string. Reads and results are untouched; properties pass through.
 */
export function redactArguments<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => unknown).apply(object, args.map(redactStrings));
    },
  });
}
