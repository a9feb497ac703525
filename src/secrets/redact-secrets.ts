/** Replaces a secret wherever it appears in a log line, an alert payload or an error message. */
export const redactedText = '[REDACTED]';

/**
 * Field names whose values are secrets (api keys, tokens, passwords, auth headers). `token` only at the
 * end of a name: `accessToken` and `GITHUB_TOKEN` are secrets, `inputTokens` and `tokenizer` are not.
 */
const secretKeyPattern =
  /(api[-_]?key|apikey|token$|secret|password|passwd|authorization|cookie|credential|private[-_]?key|session[-_]?id)/i;

/**
 * Shapes of well-known credentials, so a key pasted into a message is caught even when nobody told us
 * its value: Anthropic and OpenAI keys, Google API keys, bearer tokens, GitHub and Slack tokens.
 * Character classes exclude quotes and backslashes, so replacing a match keeps JSON text valid.
 */
const secretValuePatterns: readonly RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
];

export function isSecretKey(name: string): boolean {
  return secretKeyPattern.test(name);
}

/**
 * The values of secret-named environment variables (`ANTHROPIC_API_KEY`, `GITHUB_TOKEN`, …), so their
 * exact text is redacted even when it matches no known shape. Very short values are skipped: redacting
 * every "1" in a log because `DEBUG_TOKEN=1` would destroy the log without protecting anything.
 */
export function secretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => isSecretKey(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

/** Redacts known secret values and credential-shaped text inside a string. */
export function redactString(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length > 0) result = result.split(secret).join(redactedText);
  }
  for (const pattern of secretValuePatterns) {
    result = result.replace(pattern, (_match, scheme: unknown) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme)
        ? `${scheme} ${redactedText}`
        : redactedText,
    );
  }
  return result;
}

/**
 * Deep copy of `value` with secret-named fields replaced and secret-looking strings redacted. Errors
 * become plain objects (type, message, stack) so their text is redacted too. Cycles are cut.
 */
export function redactSecrets(value: unknown, knownSecrets: readonly string[] = []): unknown {
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return redactString(item, knownSecrets);
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item) || depth > 20) return '[Circular]';
    seen.add(item);
    if (item instanceof Error) {
      return {
        type: item.name,
        message: redactString(item.message, knownSecrets),
        ...(item.stack === undefined ? {} : { stack: redactString(item.stack, knownSecrets) }),
        ...(item.cause === undefined ? {} : { cause: walk(item.cause, depth + 1) }),
      };
    }
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      copy[key] =
        // A number or a boolean under a secret-like name is a count or a switch, not a credential.
        isSecretKey(key) &&
        (typeof entry === 'string' ? entry !== '' : typeof entry === 'object' && entry !== null)
          ? redactedText
          : walk(entry, depth + 1);
    }
    return copy;
  };
  return walk(value, 0);
}
