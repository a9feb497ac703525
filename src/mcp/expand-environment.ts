import { InvalidInputError } from '../errors/index.js';

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * `${VAR}` and `${VAR:-default}` in a config value, read from `env` as Claude Code does for
 * `.mcp.json`, so tokens stay in the environment instead of the file. A variable that is unset and has
 * no default is an error naming the field, never an empty string sent to a server.
 */
export function expandEnvironment(value: string, env: NodeJS.ProcessEnv, field: string): string {
  return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    throw new InvalidInputError(
      `${field}: \${${name}} is not set in the environment (set it, or write \${${name}:-default})`,
      { code: 'mcp-config-variable' },
    );
  });
}

/** Every string value of a record, expanded. */
export function expandRecord(
  record: Record<string, string>,
  env: NodeJS.ProcessEnv,
  field: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, expandEnvironment(value, env, `${field}.${key}`)]),
  );
}
