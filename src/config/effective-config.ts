import type { z } from 'zod';
import { InvalidInputError } from '../errors/index.js';
import { type ConfigLayer, layerOrigin, readConfigLayers } from './config-layers.js';
import type { AutomatosxConfig } from './config-schema.js';
import type { webhookAlertConfigSchema } from './operations-config-schema.js';
import { type SecretStatus, secretStatuses } from './secret-status.js';
import {
  type SettingDefinition,
  type SettingName,
  type SettingSource,
  type SettingValue,
  settingDefinitions,
} from './setting-definitions.js';

/** A value and where it came from: `origin` names the flag, the variable or the file. */
export interface Sourced<T> {
  value: T;
  source: SettingSource;
  origin: string;
}

export type WebhookAlertConfig = z.infer<typeof webhookAlertConfigSchema>;

export interface EffectiveConfig {
  /** The profile named by NODE_ENV (default `development`). */
  profile: Sourced<string>;
  settings: { [N in SettingName]: Sourced<SettingValue<N>> };
  features: Record<string, Sourced<boolean>>;
  alerts: { webhook?: Sourced<WebhookAlertConfig> };
  secrets: SecretStatus[];
  files: { project: { path: string; found: boolean }; user: { path: string; found: boolean } };
  /** The project file's provider entries, as the provider router reads them. */
  providers: AutomatosxConfig['providers'];
}

export type SettingFlags = { [N in SettingName]?: SettingValue<N> | undefined };

export interface ResolveEffectiveConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Home folder for the user config (default: the OS's). */
  home?: string;
  /** Values given on the command line; `undefined` means the flag was not given. */
  flags?: SettingFlags;
}

export const defaultProfile = 'development';

/**
 * The configuration in force: for each setting the first of flag, environment variable, project file
 * (`automatosx.config.json` in cwd), user file and default that has a value. Each file's profile named
 * by NODE_ENV is merged over that file before it takes part. Throws `InvalidInputError` naming the file
 * or variable when one is malformed.
 */
export function resolveEffectiveConfig(options: ResolveEffectiveConfigOptions = {}): EffectiveConfig {
  const env = options.env ?? process.env;
  const profile: Sourced<string> = env.NODE_ENV
    ? { value: env.NODE_ENV, source: 'env', origin: 'NODE_ENV' }
    : { value: defaultProfile, source: 'default', origin: 'default' };
  const layers = readConfigLayers({
    profile: profile.value,
    env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.home === undefined ? {} : { home: options.home }),
  });
  const fileLayers = [layers.project, layers.user].filter((layer) => layer !== undefined);
  const settings = {} as Record<SettingName, Sourced<unknown>>;
  for (const name of Object.keys(settingDefinitions) as SettingName[]) {
    settings[name] = resolveSetting(
      settingDefinitions[name] as SettingDefinition<unknown>,
      options.flags?.[name],
      env,
      fileLayers,
    );
  }
  return {
    profile,
    settings: settings as EffectiveConfig['settings'],
    features: resolveFeatures(fileLayers),
    alerts: resolveAlerts(fileLayers),
    secrets: secretStatuses(env, layers.project?.config.providers ?? {}, layers.project?.file),
    files: {
      project: { path: layers.files.project, found: layers.project !== undefined },
      user: { path: layers.files.user, found: layers.user !== undefined },
    },
    providers: layers.project?.config.providers ?? {},
  };
}

function resolveSetting(
  definition: SettingDefinition<unknown>,
  flag: unknown,
  env: NodeJS.ProcessEnv,
  layers: readonly ConfigLayer[],
): Sourced<unknown> {
  if (flag !== undefined) return { value: flag, source: 'flag', origin: definition.flag ?? 'flag' };
  const text = env[definition.env];
  if (text !== undefined && text !== '') {
    try {
      return { value: definition.fromEnv(text), source: 'env', origin: definition.env };
    } catch (error) {
      throw new InvalidInputError(`environment variable ${(error as Error).message}; fix or unset it`, {
        code: 'config-env-invalid',
        cause: error,
      });
    }
  }
  const [section, field] = definition.path;
  for (const layer of definition.inFile ? layers : []) {
    const value = (layer.config as Record<string, Record<string, unknown> | undefined>)[section]?.[field];
    if (value !== undefined)
      return { value, source: layer.source, origin: layerOrigin(layer, section, field) };
  }
  return { value: definition.default, source: 'default', origin: 'default' };
}

/** Feature flags merge name by name: the project file decides the names it sets, the user file the rest. */
function resolveFeatures(layers: readonly ConfigLayer[]): Record<string, Sourced<boolean>> {
  const features: Record<string, Sourced<boolean>> = {};
  for (const layer of [...layers].reverse()) {
    for (const [name, value] of Object.entries(layer.config.features ?? {})) {
      features[name] = { value, source: layer.source, origin: layerOrigin(layer, 'features', name) };
    }
  }
  return features;
}

function resolveAlerts(layers: readonly ConfigLayer[]): EffectiveConfig['alerts'] {
  for (const layer of layers) {
    const webhook = layer.config.alerts?.webhook;
    if (webhook)
      return {
        webhook: { value: webhook, source: layer.source, origin: layerOrigin(layer, 'alerts', 'webhook') },
      };
  }
  return {};
}

/**
 * The one way to read a feature flag: true only when a config file turns it on. An unknown name is
 * off, so code can ship behind a flag before any file mentions it.
 */
export function isFeatureEnabled(config: Pick<EffectiveConfig, 'features'>, name: string): boolean {
  return config.features[name]?.value === true;
}
