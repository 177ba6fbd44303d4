// The config module's public surface: load, validate, discover from env, resolve models, hold live.
// Other folders import from here, not from the files behind it.

export { ConfigError, isConfigError, formatProblem, type ConfigProblem } from './config-error.js';
export { gatewayConfigSchema, type GatewayConfig } from './config-schema.js';
export type { ProviderConfig, ServerProfile } from './provider-schema.js';
export type { ModelConfig, ModelKind, TargetConfig, Timeouts, TimeoutOverrides } from './model-schema.js';
export type { Env } from './interpolate-env.js';
export { parseConfig, validateConfig } from './parse-config.js';
export { loadConfig, resolvePaths } from './load-config.js';
export { discoverConfig, environmentSource, servesNothing } from './env-discovery.js';
export {
  resolveModel,
  listModels,
  servedNames,
  prepareModels,
  type ResolvedModel,
  type ResolvedTarget,
  type ListedModel,
} from './resolve-model.js';
export {
  ConfigHolder,
  type ConfigHolderOptions,
  type ConfigListener,
  type ReloadResult,
} from './config-holder.js';
