import { isSecretName } from './secret-names.js';

/**
 * Values shorter than this are never redacted by value: redacting every "1" because `DEBUG_TOKEN=1`
 * would destroy the text without protecting anything.
 */
export const minimumSecretLength = 8;

const registered = new Set<string>();

/**
 * Adds exact secret values the process learned from somewhere other than its environment, e.g. an
 * `apiKey` in automatosx.config.json or a key read through `apiKeyEnv`. From then on they are redacted
 * wherever this policy applies.
 */
export function registerSecretValues(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (value !== undefined && value.length >= minimumSecretLength) registered.add(value);
  }
}

/** The values of secret-named environment variables (`ANTHROPIC_API_KEY`, `GITHUB_PAT`, …). */
export function secretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        isSecretName(name) && typeof value === 'string' && value.length >= minimumSecretLength,
    )
    .map(([, value]) => value as string);
}

/** Every exact secret value known now (environment and registered), longest first. */
export function knownSecretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([...secretsFromEnvironment(env), ...registered])].sort((a, b) => b.length - a.length);
}
