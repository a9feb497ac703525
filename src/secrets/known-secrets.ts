import { isSecretName } from './secret-names.js';

/**
 * Values shorter than this are never redacted by value: redacting every "1" because `DEBUG_TOKEN=1`
 * would destroy the text without protecting anything.
 */
export const minimumSecretLength = 8;

const registered = new Set<string>();
/** Names seen in an environment and whether they are secrets: the check runs on every redaction. */
const nameVerdicts = new Map<string, boolean>();
const environmentRefreshMs = 1_000;
let cached: { env: NodeJS.ProcessEnv; registered: number; at: number; values: string[] } | undefined;

function isSecretNameCached(name: string): boolean {
  let verdict = nameVerdicts.get(name);
  if (verdict === undefined) {
    verdict = isSecretName(name);
    if (nameVerdicts.size < 10_000) nameVerdicts.set(name, verdict);
  }
  return verdict;
}

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
        isSecretNameCached(name) && typeof value === 'string' && value.length >= minimumSecretLength,
    )
    .map(([, value]) => value as string);
}

/**
 * Every exact secret value known now (environment and registered), longest first. Reading
 * `process.env` is slow (every access crosses into C++) and redaction runs on every string written,
 * so the environment's part is re-read at most every `environmentRefreshMs`; registering a value
 * takes effect at once.
 */
export function knownSecretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const now = Date.now();
  if (
    cached &&
    cached.env === env &&
    cached.registered === registered.size &&
    now - cached.at < environmentRefreshMs
  ) {
    return cached.values;
  }
  const values = [...new Set([...secretsFromEnvironment(env), ...registered])].sort(
    (a, b) => b.length - a.length,
  );
  cached = { env, registered: registered.size, at: now, values };
  return values;
}
