// `switchyard models`: list the model catalog (shipped, plus the config's `catalog:` overrides
// when --config is given) as a table or JSON. Reads no credentials and starts nothing.

import type { Command } from 'commander';
import type { CatalogEntry, CatalogProviderType } from '../../catalog/catalog-schema.js';
import type { CliContext } from '../cli-context.js';
import { CliError } from '../cli-error.js';
import { loadChosenConfig } from '../config-source.js';
import { formatTable } from '../format-table.js';

/** An entry and the names it is listed with: provider types, or one type's upstream ids. */
interface Listed {
  entry: CatalogEntry;
  names: string[];
}

interface ModelsOptions {
  config?: string;
  provider?: string;
  json?: boolean;
}

export function registerModels(program: Command, context: CliContext): void {
  program
    .command('models')
    .description('List the model catalog: context window, output limit, prices and capabilities.')
    .option('--provider <type>', 'only models a provider type serves (openai, anthropic, bedrock, ...)')
    .option(
      '--config <path>',
      "apply this config file's catalog: overrides (default: the shipped catalog only)",
    )
    .option('--json', 'print JSON only: {version, source, models: [...]}')
    .addHelpText(
      'after',
      `
Prices are USD per million tokens; a price shown as ? is unknown, not free.
Add models or correct figures in the config's catalog: section (docs/catalog.md).

Examples:
  $ switchyard models
  $ switchyard models --provider bedrock-anthropic
  $ switchyard models --config switchyard.yaml --json | jq '.models[] | select(.id == "gpt-4o")'`,
    )
    .action((options: ModelsOptions) => list(options, context));
}

async function list(options: ModelsOptions, context: CliContext): Promise<void> {
  const { catalogFor, catalogProviderTypes, namesFor } = await import('../../catalog/index.js');
  const provider = options.provider as CatalogProviderType | undefined;
  if (provider !== undefined && !catalogProviderTypes.includes(provider)) {
    throw new CliError(`unknown provider type "${provider}" (one of: ${catalogProviderTypes.join(', ')})`);
  }
  // Only an explicit --config is read: the catalog itself needs no config at all.
  const loaded = options.config === undefined ? undefined : await loadChosenConfig(options.config, context);
  const catalog = catalogFor(loaded?.config.catalog);
  const models = catalog.entries
    .map((entry) => ({
      entry,
      names: provider === undefined ? Object.keys(entry.providers) : namesFor(entry, provider),
    }))
    .filter((model): model is Listed => model.names !== undefined);
  const source = loaded?.sourceName ?? 'shipped';
  if (options.json) {
    const entries = models.map((model) => model.entry);
    context.stdout(`${JSON.stringify({ version: catalog.version, source, models: entries }, null, 2)}\n`);
    return;
  }
  context.stdout(formatModels(catalog.version, source, models, provider));
}

function formatModels(
  version: string,
  source: string,
  models: readonly Listed[],
  provider: string | undefined,
): string {
  const header = `model catalog ${version} (${source === 'shipped' ? 'shipped' : `shipped + ${source}`})\n`;
  if (models.length === 0) return `${header}no models${provider === undefined ? '' : ` for ${provider}`}\n`;
  const rows = models.map(({ entry, names }) => [
    entry.id,
    entry.kind ?? 'chat',
    tokens(entry.contextWindow),
    tokens(entry.maxOutputTokens),
    usd(entry.prices?.input),
    usd(entry.prices?.output),
    usd(entry.prices?.cachedInput),
    names.join(','),
  ]);
  const last = provider === undefined ? 'provider types' : `${provider} ids`;
  return (
    header + formatTable(['model', 'kind', 'context', 'max out', '$in/M', '$out/M', '$cached/M', last], rows)
  );
}

function tokens(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

function usd(value: number | undefined): string {
  return value === undefined ? '?' : String(Number(value.toPrecision(6)));
}
