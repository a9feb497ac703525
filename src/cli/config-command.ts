import { existsSync } from 'node:fs';
import { resolve as pathResolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  type ConfigIssue,
  configFileName,
  type EffectiveConfig,
  formatConfigIssue,
  resolveEffectiveConfig,
  type Sourced,
  settingDefinitions,
  userConfigPath,
  validateConfigFile,
} from '../config/index.js';
import { ExitCode } from './exit-code.js';

export interface ConfigCommandDeps {
  write?: (text: string) => void;
  writeError?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Home folder for the user config file (tests). */
  home?: string;
}

/** `ax config show|path|validate`: the configuration in force, where it comes from, and whether files are valid. */
export function configCommand(deps: ConfigCommandDeps = {}): Command {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const writeError = deps.writeError ?? ((text: string) => process.stderr.write(text));
  const print = (value: unknown) =>
    write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
  const resolve = (db?: string) =>
    resolveEffectiveConfig({
      env: deps.env ?? process.env,
      ...(deps.cwd === undefined ? {} : { cwd: deps.cwd }),
      ...(deps.home === undefined ? {} : { home: deps.home }),
      flags: { databasePath: db },
    });
  const json = () => new Option('--json', 'print machine-readable JSON');

  const command = new Command('config')
    .description('show the configuration in force and where each value comes from; check config files')
    .addHelpText(
      'after',
      '\nExamples:\n  ax config show\n  ax config validate automatosx.config.json\n\nReference: docs/configuration.md',
    );

  command
    .command('show')
    .description('print the effective configuration with the source of each value; keys are never printed')
    .option('--db <path>', 'database file, as given to other commands (shows flag precedence)')
    .addOption(json())
    .addHelpText(
      'after',
      '\nPrecedence: flag > environment > ./automatosx.config.json > user config > default;\n' +
        'the profile named by NODE_ENV is merged over each file first.\n\n' +
        'Examples:\n  ax config show\n  NODE_ENV=production LOG_LEVEL=debug ax config show --json',
    )
    .action((options: { db?: string; json?: boolean }) => {
      const config = resolve(options.db);
      if (options.json) return print(publicConfig(config));
      for (const line of renderConfig(config)) print(line);
    });

  command
    .command('path')
    .description('print where the project and user config files are (and whether they exist)')
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax config path')
    .action((options: { json?: boolean }) => {
      const files = configFiles(deps);
      if (options.json) return print(files);
      print(`project  ${files.project.path}  (${files.project.found ? 'found' : 'not found'})`);
      print(`user     ${files.user.path}  (${files.user.found ? 'found' : 'not found'})`);
    });

  command
    .command('validate')
    .description(
      'check a config file (default: the project and user files) and report problems as file:line:column',
    )
    .argument('[file]', 'config file to check')
    .addOption(json())
    .addHelpText(
      'after',
      '\nExamples:\n  ax config validate\n  ax config validate deploy/automatosx.config.json --json',
    )
    .action((file: string | undefined, options: { json?: boolean }) => {
      const paths = configFiles(deps);
      const files =
        file === undefined
          ? [paths.project, paths.user].filter((entry) => entry.found).map((entry) => entry.path)
          : [file];
      const results = files.map((path) => ({ file: path, issues: validateConfigFile(path) }));
      const issues: ConfigIssue[] = results.flatMap((result) => result.issues);
      if (issues.length > 0) process.exitCode = ExitCode.invalidInput;
      if (options.json) return print({ valid: issues.length === 0, files: results });
      if (results.length === 0) {
        return print(
          `no config file (looked for ${paths.project.path} and ${paths.user.path}); defaults apply`,
        );
      }
      for (const result of results) {
        if (result.issues.length === 0) print(`✓ ${result.file}: valid`);
      }
      for (const issue of issues) writeError(`${formatConfigIssue(issue)}\n`);
    });

  return command;
}

/** Where the two config files are, found without reading them, so a broken file can still be checked. */
function configFiles(deps: ConfigCommandDeps) {
  const project = pathResolve(deps.cwd ?? process.cwd(), configFileName);
  const user = userConfigPath(deps.env ?? process.env, deps.home);
  return {
    project: { path: project, found: existsSync(project) },
    user: { path: user, found: existsSync(user) },
  };
}

const notes: Partial<Record<string, string>> = {
  checkpointInterval: 'ignored: every step transition is checkpointed',
  databasePath: 'only --db or DATABASE_PATH set it',
};

function renderConfig(config: EffectiveConfig): string[] {
  const rows: [string, string, string][] = [];
  for (const [name, setting] of Object.entries(config.settings) as [
    keyof typeof settingDefinitions,
    Sourced<unknown>,
  ][]) {
    const definition = settingDefinitions[name];
    const note = notes[name] ? ` (${notes[name]})` : '';
    rows.push([definition.path.join('.'), `${String(setting.value)}${note}`, describeSource(setting)]);
  }
  const lines = [`profile ${config.profile.value} (${describeSource(config.profile)})`, ''];
  lines.push(...table([['setting', 'value', 'source'], ...rows]));
  const features = Object.entries(config.features);
  lines.push('', 'features');
  if (features.length === 0) lines.push('  (none set; every feature is off)');
  for (const line of table(features.map(([name, flag]) => [name, String(flag.value), describeSource(flag)])))
    lines.push(`  ${line}`);
  const webhook = config.alerts.webhook;
  lines.push('', 'alerts');
  lines.push(
    webhook
      ? `  webhook  ${maskUrl(webhook.value.url)} on ${webhook.value.events.join(', ')}  (${describeSource(webhook)})`
      : '  (none)',
  );
  lines.push('', 'keys');
  for (const line of table(config.secrets.map((secret) => [secret.name, secret.description])))
    lines.push(`  ${line}`);
  lines.push('', 'files');
  lines.push(
    `  project  ${config.files.project.path}  (${config.files.project.found ? 'found' : 'not found'})`,
  );
  lines.push(`  user     ${config.files.user.path}  (${config.files.user.found ? 'found' : 'not found'})`);
  return lines;
}

function describeSource(value: Sourced<unknown>): string {
  switch (value.source) {
    case 'flag':
      return `flag ${value.origin}`;
    case 'env':
      return `env ${value.origin}`;
    case 'default':
      return 'default';
    default:
      return `${value.source} ${value.origin}`;
  }
}

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (max, row) => row.map((cell, index) => Math.max(max[index] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** A webhook URL's path and query often are its secret (Slack, Teams): show only where it points. */
function maskUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === '/' && parsed.search === '' ? parsed.origin : `${parsed.origin}/…`;
}

function publicConfig(config: EffectiveConfig) {
  const settings = Object.fromEntries(
    (Object.entries(config.settings) as [keyof typeof settingDefinitions, Sourced<unknown>][]).map(
      ([name, setting]) => {
        const definition = settingDefinitions[name];
        return [
          definition.path.join('.'),
          { ...setting, env: definition.env, ...(notes[name] ? { note: notes[name] } : {}) },
        ];
      },
    ),
  );
  const webhook = config.alerts.webhook;
  return {
    profile: config.profile,
    settings,
    features: config.features,
    alerts: {
      webhook: webhook ? { ...webhook, value: { ...webhook.value, url: maskUrl(webhook.value.url) } } : null,
    },
    keys: config.secrets,
    files: config.files,
  };
}
