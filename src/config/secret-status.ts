import type { AutomatosxConfig } from './config-schema.js';

/** Whether a credential is available and where from; the value itself is never part of it. */
export interface SecretStatus {
  name: string;
  set: boolean;
  /** e.g. `set (from ANTHROPIC_API_KEY)`, `set (in /app/automatosx.config.json)`, `not set`. */
  description: string;
}

/** The variables the built-in providers read their keys from, in the order they are tried. */
export const providerKeyVariables = {
  anthropic: ['ANTHROPIC_API_KEY'],
  google: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  openai: ['OPENAI_API_KEY'],
} as const;

/**
 * The state of every provider credential: the built-in key variables, then each configured provider
 * entry's `apiKeyEnv` or inline `apiKey`. Used by `ax config show`, which must never print a key.
 */
export function secretStatuses(
  env: NodeJS.ProcessEnv,
  providers: AutomatosxConfig['providers'],
  configFile: string | undefined,
): SecretStatus[] {
  const statuses: SecretStatus[] = Object.entries(providerKeyVariables).map(([name, variables]) => {
    const found = variables.find((variable) => (env[variable] ?? '') !== '');
    return {
      name,
      set: found !== undefined,
      description: found ? `set (from ${found})` : `not set (${variables.join(' or ')})`,
    };
  });
  for (const [name, entry] of Object.entries(providers)) {
    if (!('apiKey' in entry) && !('apiKeyEnv' in entry)) continue;
    if (entry.apiKey !== undefined) {
      statuses.push({
        name: `providers.${name}`,
        set: true,
        description: `set (in ${configFile ?? 'config file'})`,
      });
    } else if (entry.apiKeyEnv !== undefined) {
      const set = (env[entry.apiKeyEnv] ?? '') !== '';
      statuses.push({
        name: `providers.${name}`,
        set,
        description: set ? `set (from ${entry.apiKeyEnv})` : `not set (${entry.apiKeyEnv})`,
      });
    }
  }
  return statuses;
}
