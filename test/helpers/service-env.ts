/**
 * Vitest setup file (runs in every test worker): CI sets DATABASE_URL and REDIS_URL for the suites
 * that test PostgreSQL and Redis. Every other test must keep running on the embedded SQLite default,
 * so the two variables are moved out of the way here, into AX_TEST_DATABASE_URL / AX_TEST_REDIS_URL,
 * where `test/helpers/services.ts` reads them for the tests that ask for a service on purpose.
 */
for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
  const value = process.env[name];
  if (value !== undefined) {
    process.env[`AX_TEST_${name}`] = value;
    delete process.env[name];
  }
}
