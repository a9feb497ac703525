export { configJsonSchema } from './config-json-schema.js';
export { applyProfile, type ConfigLayer, type ConfigLayers, readConfigLayers } from './config-layers.js';
export {
  type AutomatosxConfig,
  automatosxConfigSchema,
  type BudgetConfig,
  budgetConfigSchema,
  builtinProviderTypes,
  type ProviderEntryConfig,
  providerEntrySchema,
  type RouterConfig,
  routerConfigSchema,
} from './config-schema.js';
export {
  defaultProfile,
  type EffectiveConfig,
  isFeatureEnabled,
  type ResolveEffectiveConfigOptions,
  resolveEffectiveConfig,
  type SettingFlags,
  type Sourced,
  type WebhookAlertConfig,
} from './effective-config.js';
export { configFileName, type LoadedConfig, loadConfig, parseConfig } from './load-config.js';
export {
  isStdioServerEntry,
  type McpRemoteServerEntry,
  type McpServerEntry,
  type McpStdioServerEntry,
  mcpServerEntrySchema,
  mcpServerNamePattern,
  mcpServersConfigSchema,
} from './mcp-servers-config-schema.js';
export { type AlertEventName, alertEventNames, type ProfileConfig } from './operations-config-schema.js';
export { providerKeyVariables, type SecretStatus, secretStatuses } from './secret-status.js';
export {
  type SettingDefinition,
  type SettingName,
  type SettingSource,
  type SettingValue,
  settingDefinitions,
  settingSources,
} from './setting-definitions.js';
export { userConfigPath } from './user-config-path.js';
export {
  type ConfigIssue,
  formatConfigIssue,
  validateConfigFile,
  validateConfigText,
} from './validate-config-file.js';
