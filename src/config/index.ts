export { configJsonSchema } from './config-json-schema.js';
export {
  type AutomatosxConfig,
  automatosxConfigSchema,
  builtinProviderTypes,
  type ProviderEntryConfig,
  providerEntrySchema,
  type RouterConfig,
  routerConfigSchema,
} from './config-schema.js';
export { configFileName, type LoadedConfig, loadConfig, parseConfig } from './load-config.js';
