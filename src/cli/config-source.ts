// Which configuration a command uses: --config, else SWITCHYARD_CONFIG, else ./switchyard.yaml when
// it exists, else environment discovery. Shared by `serve` and `config check`.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { GatewayConfig } from '../config/config-schema.js';
import type { CliContext } from './cli-context.js';

export const defaultConfigFile = 'switchyard.yaml';

/** The file to read, or undefined for environment discovery. */
export function configPathFor(flag: string | undefined, context: CliContext): string | undefined {
  const chosen = flag ?? nonEmpty(context.env.SWITCHYARD_CONFIG);
  if (chosen !== undefined) return path.resolve(context.cwd, chosen);
  const local = path.join(context.cwd, defaultConfigFile);
  return existsSync(local) ? local : undefined;
}

export interface LoadedConfig {
  config: GatewayConfig;
  /** Absolute path of the file, when the config came from one. */
  configPath?: string;
  /** What problems and summaries call the source: the path as typed, or `environment`. */
  sourceName: string;
}

/** Loads the chosen config; throws ConfigError listing every problem. */
export async function loadChosenConfig(flag: string | undefined, context: CliContext): Promise<LoadedConfig> {
  const { ConfigError, discoverConfig, environmentSource, loadConfig } = await import('../config/index.js');
  const configPath = configPathFor(flag, context);
  if (configPath === undefined) return { config: discoverConfig(context.env), sourceName: environmentSource };
  const sourceName = path.relative(context.cwd, configPath) || configPath;
  try {
    return { config: loadConfig(configPath, context.env), configPath, sourceName };
  } catch (error) {
    // Name the file as the user typed it (relative to where they are), not as an absolute path.
    throw error instanceof ConfigError ? new ConfigError(sourceName, error.problems) : error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
