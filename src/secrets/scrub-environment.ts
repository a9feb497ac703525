/** Names that look like they hold credentials. */
const secretName =
  /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|_PAT$|^DATABASE_URL$|^REDIS_URL$)/i;

/**
 * The environment for commands an agent runs: the parent's, minus anything that looks like a key, a
 * token, a password or a connection string with credentials, so a prompt-injected command cannot read
 * and leak them.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || secretName.test(name)) continue;
    if (/:\/\/[^/\s:@]+:[^/\s@]+@/.test(value)) continue;
    clean[name] = value;
  }
  return clean;
}
