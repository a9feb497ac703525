import { containsSecret } from './redact-secrets.js';
import { isSecretName } from './secret-names.js';

/**
 * The environment for commands an agent runs: the parent's, minus every variable the secret policy
 * names a secret (`*_KEY`, `*_TOKEN`, `*_PAT`, `DATABASE_URL`, …) and every value that holds a known
 * secret or a credential (a URL with a password, a key-shaped string), so a prompt-injected command
 * cannot read and leak them.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretName(name) || containsSecret(value)) continue;
    clean[name] = value;
  }
  return clean;
}
