/** Words that make any name a secret's name: `DB_PASSWORD`, `clientSecret`, `Set-Cookie`. */
const secretWords = new Set([
  'secret',
  'secrets',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'authorization',
  'auth',
  'apikey',
  'pat',
  'dsn',
]);

/** Last words that make a name a secret's: `GITHUB_TOKEN`, `STRIPE_KEY`, `NPM_AUTH`, `sessionId`. */
const secretLastWords = new Set(['token', 'key', 'auth']);

/** `idempotencyKey`, `cacheKey`, a step's `key`: keys that name things, not credentials. */
const namingKeyWords = new Set([
  'idempotency',
  'cache',
  'step',
  'sort',
  'routing',
  'partition',
  'primary',
  'foreign',
  'group',
  'dedupe',
  'lookup',
  'map',
  'object',
  'public',
]);

/** Connection strings that usually carry a password: `DATABASE_URL`, `REDIS_URL`, `MONGODB_URI`. */
const connectionStringNames =
  /^(database|db|redis|mongo|mongodb|postgres|postgresql|pg|mysql|amqp|rabbitmq|broker)_(url|uri)$/i;

/**
 * The one list of secret-shaped names, for the logger (fields), the environment scrubber (variables)
 * and everything else: a name is split into words (`_`, `-`, `.`, camelCase) and is a secret's when a
 * word says so (`password`, `secret`, …), when its last word is `token`, `key` or `auth` (not a naming
 * key like `idempotencyKey`), when it has `private` + `key`, `session` + `id`/`token`, or when it is a
 * database or broker connection string.
 */
export function isSecretName(name: string): boolean {
  if (connectionStringNames.test(name)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((word) => secretWords.has(word))) return true;
  const last = words.at(-1) ?? '';
  const before = words.at(-2) ?? '';
  if (secretLastWords.has(last) && words.length > 1 && !namingKeyWords.has(before)) return true;
  if (last === 'token' || last === 'auth') return true;
  if (words.includes('private') && words.includes('key')) return true;
  if (words.includes('session') && ['id', 'token', 'key'].includes(last)) return true;
  return false;
}
