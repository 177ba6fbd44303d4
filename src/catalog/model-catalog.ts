// The model catalog as the gateway reads it: shipped entries with config overrides applied, and
// lookup by (provider type, upstream model id). Built once per `catalog:` section (WeakMap), so
// a config reload builds a new one; lookups of names the index lacks are cached, bounded.

import type { ProviderType } from '../providers/provider.js';
import { candidateNames } from './candidate-names.js';
import { applyOverrides, type CatalogOverrides } from './catalog-overrides.js';
import type { CatalogEntry } from './catalog-schema.js';
import { catalogVersion, shippedModels } from './models/index.js';

/** Client-chosen names can vary without end; past this many, the miss cache starts over. */
const lookupCacheLimit = 1_000;

/**
 * Provider types whose deployments serve another type's models under the same names: Azure
 * OpenAI deployments are usually named after the OpenAI model they run.
 */
const sharedNames: Partial<Record<ProviderType, ProviderType>> = { 'azure-openai': 'openai' };

export class ModelCatalog {
  readonly version: string;
  readonly entries: readonly CatalogEntry[];
  private readonly byId = new Map<string, CatalogEntry>();
  /** `${type}\n${name}` -> entry, for every upstream name, id and alias of each type it lists. */
  private readonly byName = new Map<string, CatalogEntry>();
  private readonly cache = new Map<string, CatalogEntry | null>();

  constructor(entries: readonly CatalogEntry[], version: string = catalogVersion) {
    this.version = version;
    this.entries = entries;
    for (const entry of entries) this.index(entry);
  }

  /** The entry with this catalog id. */
  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  /** The entry for an upstream model id served by a provider type, tolerant of dated snapshots. */
  lookup(type: ProviderType, model: string): CatalogEntry | undefined {
    const key = `${type}\n${model}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.find(type, model);
    if (this.cache.size >= lookupCacheLimit) this.cache.clear();
    this.cache.set(key, found ?? null);
    return found;
  }

  /** Input plus output tokens the model can attend to, when the catalog knows the model. */
  contextWindow(type: ProviderType, model: string): number | undefined {
    return this.lookup(type, model)?.contextWindow;
  }

  private find(type: ProviderType, model: string): CatalogEntry | undefined {
    const types = [type];
    const shared = sharedNames[type];
    if (shared !== undefined) types.push(shared);
    for (const name of candidateNames(model)) {
      for (const candidateType of types) {
        const entry = this.byName.get(`${candidateType}\n${name}`);
        if (entry !== undefined) return entry;
      }
    }
    return undefined;
  }

  private index(entry: CatalogEntry): void {
    this.byId.set(entry.id, entry);
    for (const [type, names] of Object.entries(entry.providers)) {
      for (const name of [...names, entry.id, ...(entry.aliases ?? [])]) {
        const key = `${type}\n${name}`;
        // An explicit upstream name wins over another entry's id or alias; later entries
        // (config additions) win over earlier ones.
        if (names.includes(name) || !this.byName.has(key)) this.byName.set(key, entry);
      }
    }
  }
}

/** The upstream names an entry has under a provider type (Azure falls back to OpenAI's). */
export function namesFor(entry: CatalogEntry, type: ProviderType): string[] | undefined {
  const shared = sharedNames[type];
  return entry.providers[type] ?? (shared === undefined ? undefined : entry.providers[shared]);
}

/** The catalog exactly as shipped, without overrides. */
export const shippedCatalog = new ModelCatalog(shippedModels);

const catalogs = new WeakMap<CatalogOverrides, ModelCatalog>();

/** The catalog for a config's `catalog:` section; the shipped one when there is nothing to apply. */
export function catalogFor(overrides: CatalogOverrides | undefined): ModelCatalog {
  if (overrides === undefined || Object.keys(overrides.models).length === 0) return shippedCatalog;
  let catalog = catalogs.get(overrides);
  if (catalog === undefined) {
    catalog = new ModelCatalog(applyOverrides(shippedModels, overrides));
    catalogs.set(overrides, catalog);
  }
  return catalog;
}
