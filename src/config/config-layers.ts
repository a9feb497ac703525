import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import type { AutomatosxConfig } from './config-schema.js';
import { configFileName, loadConfig, parseConfig } from './load-config.js';
import type { ProfileConfig } from './operations-config-schema.js';
import { userConfigPath } from './user-config-path.js';

/** One config file as it applies: its sections with the active profile merged over them. */
export interface ConfigLayer {
  source: 'project' | 'user';
  file: string;
  config: AutomatosxConfig;
  /** The profile named by NODE_ENV, when the file has one; its sections are already merged into `config`. */
  profile?: { name: string; config: ProfileConfig };
}

export interface ConfigLayers {
  project: ConfigLayer | undefined;
  user: ConfigLayer | undefined;
  files: { project: string; user: string };
}

export interface ReadConfigLayersOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  profile: string;
}

/** Reads the project file (`automatosx.config.json` in cwd) and the user file; missing files are no layer. */
export function readConfigLayers(options: ReadConfigLayersOptions): ConfigLayers {
  const cwd = options.cwd ?? process.cwd();
  const project = loadConfig({ cwd });
  const projectFile = project.path ?? resolve(cwd, configFileName);
  const userFile = userConfigPath(options.env ?? process.env, options.home);
  const user = readUserConfig(userFile);
  return {
    project: project.path ? layer('project', project.path, project.config, options.profile) : undefined,
    user: user ? layer('user', userFile, user, options.profile) : undefined,
    files: { project: projectFile, user: userFile },
  };
}

function readUserConfig(path: string): AutomatosxConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new InvalidInputError(`cannot read user config file ${path}: ${(error as Error).message}`, {
      code: 'config-unreadable',
      cause: error,
    });
  }
  return parseConfig(text, path);
}

/**
 * Names the file a value came from, and the profile when the profile set it (not merely when the
 * file has the profile): `section` and `field` say which value.
 */
export function layerOrigin(layer: ConfigLayer, section: string, field?: string): string {
  const fromProfile = (
    layer.profile?.config as Record<string, Record<string, unknown> | undefined> | undefined
  )?.[section];
  const set = field === undefined ? fromProfile !== undefined : fromProfile?.[field] !== undefined;
  return set && layer.profile ? `${layer.file} (profile ${layer.profile.name})` : layer.file;
}

function layer(
  source: 'project' | 'user',
  file: string,
  config: AutomatosxConfig,
  profile: string,
): ConfigLayer {
  const override = config.profiles?.[profile];
  if (!override) return { source, file, config };
  return {
    source,
    file,
    config: applyProfile(config, override),
    profile: { name: profile, config: override },
  };
}

/**
 * Merges a profile over a file's sections one field deep: `profiles.production.logging.level` replaces
 * `logging.level` and keeps `logging.file`; feature flags merge name by name; `alerts.webhook` is
 * replaced whole (a webhook is one unit: its url and events belong together).
 */
export function applyProfile(config: AutomatosxConfig, profile: ProfileConfig): AutomatosxConfig {
  const merged: Record<string, unknown> = { ...config };
  for (const [section, value] of Object.entries(profile)) {
    if (value === undefined) continue;
    const base = merged[section];
    merged[section] =
      typeof base === 'object' && base !== null && typeof value === 'object' ? { ...base, ...value } : value;
  }
  return merged as AutomatosxConfig;
}
