import { knownSecretValues } from './known-secrets.js';
import { isSecretName } from './secret-names.js';

/** Replaces a secret wherever it appears in a log line, an alert payload or an error message. */
export const redactedText = '[REDACTED]';

/**
 * Shapes of well-known credentials, so a key pasted into a message is caught even when nobody told us
 * its value: Anthropic and OpenAI keys, Google API keys, bearer tokens, GitHub and Slack tokens, AWS
 * access key ids. Character classes exclude quotes and backslashes, so a replacement keeps JSON valid.
 */
const secretValuePatterns: readonly RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /(?<=:\/\/[^/\s:@]{1,200}:)[^/\s@]{1,200}(?=@)/g,
];

/**
 * Every pattern above needs one of these in the text: one scan tells that none can match, so the
 * common case (an event type, a step key, an id, written on every step) costs one test, not nine.
 */
const patternMarkers = /sk-|AIza|bearer|basic|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|:\/\//i;

function replaceAll(text: string, secret: string): string {
  return secret.length > 0 && text.includes(secret) ? text.split(secret).join(redactedText) : text;
}

/**
 * Redacts known secret values (the environment's secret-named variables, registered keys, and any
 * `extra`) and credential-shaped text inside a string.
 */
export function redactString(text: string, extra: readonly string[] = []): string {
  let result = text;
  for (const secret of extra) result = replaceAll(result, secret);
  return redactWith(result, knownSecretValues());
}

function redactWith(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = replaceAll(result, secret);
  if (!patternMarkers.test(result)) return result;
  for (const pattern of secretValuePatterns) {
    result = result.replace(pattern, (_match, scheme: unknown) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme)
        ? `${scheme} ${redactedText}`
        : redactedText,
    );
  }
  return result;
}

/** True when `text` holds a known secret value or credential-shaped text. */
export function containsSecret(text: string): boolean {
  return redactString(text) !== text;
}

/**
 * Deep copy of `value` with secret-named fields replaced and secret-looking strings redacted. Errors
 * become plain objects (type, message, stack) so their text is redacted too. Cycles are cut.
 */
export function redactSecrets(value: unknown, extra: readonly string[] = []): unknown {
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return redactString(item, extra);
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item) || depth > 20) return '[Circular]';
    seen.add(item);
    if (item instanceof Error) {
      return {
        type: item.name,
        message: redactString(item.message, extra),
        ...(item.stack === undefined ? {} : { stack: redactString(item.stack, extra) }),
        ...(item.cause === undefined ? {} : { cause: walk(item.cause, depth + 1) }),
      };
    }
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      copy[key] =
        // A number or a boolean under a secret-like name is a count or a switch, not a credential.
        isSecretName(key) &&
        (typeof entry === 'string' ? entry !== '' : typeof entry === 'object' && entry !== null)
          ? redactedText
          : walk(entry, depth + 1);
    }
    return copy;
  };
  return walk(value, 0);
}

/**
 * `value` with secret text redacted in every string inside plain objects and arrays, structure and
 * field names kept (for records on their way to storage). Returns the same object when nothing changed.
 */
export function redactStrings<T>(value: T): T {
  // Runs on every record the store writes (each step's events): the secret list is read once per
  // record, and a copy is made only where something was redacted.
  const secrets = knownSecretValues();
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return redactWith(item, secrets);
    if (depth > 20 || typeof item !== 'object' || item === null) return item;
    if (Array.isArray(item)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < item.length; index++) {
        const entry = walk(item[index], depth + 1);
        if (entry === item[index]) continue;
        copy ??= [...item];
        copy[index] = entry;
      }
      return copy ?? item;
    }
    if (Object.getPrototypeOf(item) !== Object.prototype) return item;
    const record = item as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const entry = walk(record[key], depth + 1);
      if (entry === record[key]) continue;
      copy ??= { ...record };
      copy[key] = entry;
    }
    return copy ?? item;
  };
  return walk(value, 0) as T;
}

/**
 * Redacts an error in place (message, stack, every string field such as an HTTP response body, and its
 * causes) and returns it, so it can be rethrown with its class and code intact.
 */
export function redactError<T>(error: T): T {
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number) => {
    if (typeof item !== 'object' || item === null || seen.has(item) || depth > 5) return;
    seen.add(item);
    for (const key of Object.getOwnPropertyNames(item)) {
      const record = item as Record<string, unknown>;
      const field = record[key];
      if (typeof field === 'string') {
        const redacted = redactString(field);
        if (redacted !== field) {
          try {
            record[key] = redacted;
          } catch {
            // A read-only field: leave it; the message and stack are writable on every Error.
          }
        }
      } else if (typeof field === 'object' && field !== null) {
        walk(field, depth + 1);
      }
    }
  };
  walk(error, 0);
  return error;
}
