import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { InvalidInputError } from '../errors/index.js';
import { redactSecrets, redactString } from '../secrets/index.js';
import { formatLogLine } from './format-log-line.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface CreateLoggerOptions {
  /** Lowest level written (default `warn`). */
  level?: LogLevel;
  /**
   * Where lines go: `'stderr'` (default), a file path (appended, folders created), or any stream with
   * `write` (tests). Never stdout: that belongs to `--json` output.
   */
  destination?: 'stderr' | string | DestinationStream;
  /** Exact secret values to redact, beyond credential-shaped text (default: secret-named env vars). */
  secrets?: readonly string[];
  /** Fields on every line (e.g. `{ component: 'workflow' }`). */
  base?: Record<string, unknown>;
  /** `json` (default): one JSON object a line; `pretty`: one human line each, for a terminal. */
  format?: 'pretty' | 'json';
}

export type { Logger };

/**
 * A pino logger whose every line is redacted twice: secret-named fields (apiKey, token, authorization…)
 * anywhere in the logged object, then known secret values and credential-shaped text anywhere in the
 * final JSON line, including the message and error stacks.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? 'warn';
  if (!(logLevels as readonly string[]).includes(level)) {
    throw new InvalidInputError(`log level '${level}' is not one of ${logLevels.join(', ')}`, {
      code: 'log-level-invalid',
    });
  }
  // Known secrets (environment, registered keys) are looked up per line: a key registered later counts.
  const secrets = [...(options.secrets ?? [])].sort((a, b) => b.length - a.length);
  return pino(
    {
      level,
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object, secrets) as Record<string, unknown>,
      },
      hooks: { streamWrite: (line) => redactString(line, secrets) },
    },
    options.format === 'pretty'
      ? prettyStream(destinationStream(options.destination ?? 'stderr'))
      : destinationStream(options.destination ?? 'stderr'),
  );
}

function prettyStream(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(formatLogLine(line)) };
}

function destinationStream(destination: 'stderr' | string | DestinationStream): DestinationStream {
  if (typeof destination !== 'string') return destination;
  // Synchronous writes to stderr: a CLI that exits right after a failure must not lose its last lines.
  if (destination === 'stderr') return pino.destination({ dest: 2, sync: true });
  const path = resolve(destination);
  try {
    mkdirSync(dirname(path), { recursive: true });
    return pino.destination({ dest: path, sync: true, append: true });
  } catch (cause) {
    throw new InvalidInputError(
      `cannot write log file ${path}: ${(cause as Error).message}; set LOG_FILE or logging.file to a writable path`,
      {
        code: 'log-file-unwritable',
        cause,
      },
    );
  }
}

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

export type { Level };
