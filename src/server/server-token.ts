import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidInputError } from '../errors/index.js';

export interface ServerToken {
  token: string;
  /** Where a person finds it: the file, or `AX_API_TOKEN`. */
  source: string;
  /** The token was given explicitly (environment or option), not generated on first start. */
  explicit: boolean;
}

/**
 * The bearer token of `ax server`: `AX_API_TOKEN` when set, else the token in `file`, generated on first
 * start into a file only its owner can read (0600). A token file others can read is refused.
 */
export function loadServerToken(file: string, env: NodeJS.ProcessEnv = process.env): ServerToken {
  const fromEnv = env.AX_API_TOKEN?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16)
      throw new InvalidInputError('AX_API_TOKEN is too short: use at least 16 characters', {
        code: 'token-too-short',
      });
    return { token: fromEnv, source: 'AX_API_TOKEN', explicit: true };
  }
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o077;
    if (mode !== 0 && process.platform !== 'win32')
      throw new InvalidInputError(
        `token file ${file} can be read by others (mode ${(statSync(file).mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
        { code: 'token-file-open' },
      );
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, source: file, explicit: false };
  }
  const token = `ax_${randomBytes(24).toString('base64url')}`;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: file, explicit: false };
}

/** Compares in constant time so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
