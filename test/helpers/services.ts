import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';

/**
 * The PostgreSQL and Redis that service tests use. Set by `.ci/run`; on a laptop they are unset and
 * the suites that need them are reported as skipped with how to enable them. When a variable is set
 * and its service is down, those suites fail (they connect and get an error): nothing passes silently.
 */
export const postgresUrl: string | undefined = process.env.AX_TEST_DATABASE_URL;
export const redisUrl: string | undefined = process.env.AX_TEST_REDIS_URL;

const enableHint = {
  postgres: 'set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it',
  redis: 'set REDIS_URL=redis://127.0.0.1:6379 to run it',
} as const;

/** `describe` when PostgreSQL is configured; otherwise a skipped suite whose name says how to enable it. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (postgresUrl) describe(name, body);
  else describe.skip(`${name} (skipped: ${enableHint.postgres})`, body);
}

/** `describe` when Redis (and PostgreSQL, which dispatch needs) are configured; otherwise skipped with the hint. */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisUrl && postgresUrl) describe(name, body);
  else describe.skip(`${name} (skipped: ${redisUrl ? enableHint.postgres : enableHint.redis})`, body);
}

/** A name unique to one test, for its own PostgreSQL schema or Redis key prefix, so tests run in parallel. */
export function uniqueServiceName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
