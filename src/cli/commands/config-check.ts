// `switchyard config check`: validate the config the gateway would use and print every problem,
// or a summary of providers and models. Exit code 1 when invalid. Never prints credentials.

import type { Command } from 'commander';
import type { ConfigProblem } from '../../config/config-error.js';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { loadChosenConfig } from '../config-source.js';
import { formatTable } from '../format-table.js';

interface CheckOptions {
  config?: string;
  json?: boolean;
}

export function registerConfigCheck(group: Command, context: CliContext): void {
  group
    .command('check')
    .description('Validate the config and list every problem, or summarise its providers and models.')
    .option(
      '--config <path>',
      'config file (default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present, else the environment)',
    )
    .option('--json', 'print JSON only: {valid, source, problems} or {valid, source, providers, models}')
    .addHelpText(
      'after',
      `
Exit code: 0 when valid, 1 when not.

Examples:
  $ switchyard config check
  $ switchyard config check --config deploy/switchyard.yaml --json`,
    )
    .action((options: CheckOptions) => check(options, context));
}

async function check(options: CheckOptions, context: CliContext): Promise<void> {
  const { ConfigError } = await import('../../config/index.js');
  let loaded;
  try {
    loaded = await loadChosenConfig(options.config, context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (options.json) {
      context.stdout(
        `${JSON.stringify({ valid: false, source: error.fileName, problems: error.problems.map(toJsonProblem) }, null, 2)}\n`,
      );
    } else {
      context.stdout(`${error.message}\n`);
    }
    throw new CliError('invalid config', { reported: true });
  }
  const summary = summarize(loaded.config);
  if (options.json) {
    context.stdout(`${JSON.stringify({ valid: true, source: loaded.sourceName, ...summary }, null, 2)}\n`);
    return;
  }
  context.stdout(formatSummary(loaded.sourceName, loaded.configPath !== undefined, summary));
}

function toJsonProblem(problem: ConfigProblem): ConfigProblem {
  return {
    path: problem.path,
    message: problem.message,
    ...(problem.line === undefined ? {} : { line: problem.line }),
  };
}

interface Summary {
  providers: Array<{ name: string; type: string; baseUrl: string; keys: number; server?: string }>;
  models: Array<{
    name: string;
    kind: string;
    pattern: boolean;
    targets: Array<{ provider: string; model: string }>;
  }>;
}

function summarize(config: GatewayConfig): Summary {
  return {
    providers: Object.entries(config.providers).map(([name, provider]) => ({
      name,
      type: provider.type,
      baseUrl: provider.baseUrl,
      keys: provider.apiKeys.length,
      ...(provider.server === undefined ? {} : { server: provider.server }),
    })),
    models: Object.entries(config.models).map(([name, model]) => ({
      name,
      kind: model.kind,
      pattern: name.endsWith('*'),
      targets: model.targets.map((target) => ({ provider: target.provider, model: target.model })),
    })),
  };
}

function formatSummary(source: string, fromFile: boolean, summary: Summary): string {
  const providers = summary.providers.map((provider) => [
    `  ${provider.name}`,
    provider.server === undefined ? provider.type : `${provider.type} (${provider.server})`,
    provider.baseUrl,
    provider.keys === 1 ? '1 key' : `${provider.keys} keys`,
  ]);
  const models = summary.models.map((model) => [
    `  ${model.name}`,
    model.kind,
    model.targets.map((target) => `${target.provider}:${target.model}`).join(' -> '),
  ]);
  let text = !fromFile ? 'no config file: providers discovered from environment variables\n' : '';
  text += `${source}: valid\n`;
  text += `providers (${providers.length}):\n${providers.length === 0 ? '  (none)\n' : formatTable(undefined, providers)}`;
  text += `models (${models.length}):\n${models.length === 0 ? '  (none: every model request will get 404)\n' : formatTable(undefined, models)}`;
  return text;
}
