import { logFormatSchema, logLevelSchema } from './operations-config-schema.js';

/** Where a setting's effective value came from, highest precedence first. */
export const settingSources = ['flag', 'env', 'project', 'user', 'default'] as const;
export type SettingSource = (typeof settingSources)[number];

export interface SettingDefinition<T> {
  /** Dotted path in the config file, e.g. `logging.level`; the name `ax config show` prints. */
  path: readonly [string, string];
  /**
   * False for a setting config files cannot set. The database path is one: every command opens the
   * database (`resolveDatabasePath`: flag, then DATABASE_PATH) before any configuration is read.
   */
  inFile: boolean;
  env: string;
  /** The command-line flag that overrides it, on the commands that have one. */
  flag?: string;
  default: T;
  description: string;
  /** Reads the environment variable's text; throws a message naming what was expected. */
  fromEnv(text: string): T;
}

function positiveInteger(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name}=${text}: expected a positive integer`);
    return value;
  };
}

function booleanText(name: string) {
  return (text: string): boolean => {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)?$/i.test(text)) return false;
    throw new Error(`${name}=${text}: expected true or false (also 1/0, yes/no, on/off)`);
  };
}

const define = <T>(definition: SettingDefinition<T>) => definition;

/**
 * Every scalar setting: its file path, environment variable, flag and default. This table drives
 * resolution, `ax config show` and the reference in docs/configuration.md, so they cannot disagree.
 */
export const settingDefinitions = {
  logLevel: define<string>({
    path: ['logging', 'level'],
    inFile: true,
    env: 'LOG_LEVEL',
    default: 'warn',
    description: 'lowest log level written: fatal, error, warn, info, debug, trace or silent',
    fromEnv: (text) => {
      const parsed = logLevelSchema.safeParse(text.toLowerCase());
      if (!parsed.success)
        throw new Error(`LOG_LEVEL=${text}: expected one of ${logLevelSchema.options.join(', ')}`);
      return parsed.data;
    },
  }),
  logFile: define<string>({
    path: ['logging', 'file'],
    inFile: true,
    env: 'LOG_FILE',
    default: 'stderr',
    description: 'where structured logs go: stderr, or a file that JSON lines are appended to',
    fromEnv: (text) => text,
  }),
  logFormat: define<string>({
    path: ['logging', 'format'],
    inFile: true,
    env: 'LOG_FORMAT',
    flag: '--log-format',
    default: 'auto',
    description: 'auto (human lines on a terminal, JSON otherwise), pretty or json',
    fromEnv: (text) => {
      const parsed = logFormatSchema.safeParse(text.toLowerCase());
      if (!parsed.success)
        throw new Error(`LOG_FORMAT=${text}: expected one of ${logFormatSchema.options.join(', ')}`);
      return parsed.data;
    },
  }),
  databasePath: define<string>({
    path: ['database', 'path'],
    inFile: false,
    env: 'DATABASE_PATH',
    flag: '--db',
    default: '.automatosx/automatosx.db',
    description: 'SQLite database of executions, agent runs and memory (relative to the working directory)',
    fromEnv: (text) => text,
  }),
  maxConcurrentWorkflows: define<number>({
    path: ['workflows', 'maxConcurrent'],
    inFile: true,
    env: 'MAX_CONCURRENT_WORKFLOWS',
    default: 16,
    description: 'whole workflow runs in flight at once in one process; more wait their turn',
    fromEnv: positiveInteger('MAX_CONCURRENT_WORKFLOWS'),
  }),
  checkpointInterval: define<number>({
    path: ['workflows', 'checkpointInterval'],
    inFile: true,
    env: 'CHECKPOINT_INTERVAL',
    default: 1,
    description:
      'accepted for compatibility and ignored: the engine checkpoints every step transition in its own transaction',
    fromEnv: positiveInteger('CHECKPOINT_INTERVAL'),
  }),
  telemetry: define<boolean>({
    path: ['telemetry', 'enabled'],
    inFile: true,
    env: 'ENABLE_TELEMETRY',
    default: false,
    description: 'append one metrics line per finished run to a local file; nothing is sent anywhere',
    fromEnv: booleanText('ENABLE_TELEMETRY'),
  }),
  telemetryFile: define<string>({
    path: ['telemetry', 'file'],
    inFile: true,
    env: 'TELEMETRY_FILE',
    default: '.automatosx/telemetry.jsonl',
    description: 'the metrics file written when telemetry is enabled',
    fromEnv: (text) => text,
  }),
} as const;

export type SettingName = keyof typeof settingDefinitions;
export type SettingValue<N extends SettingName> = (typeof settingDefinitions)[N]['default'];
