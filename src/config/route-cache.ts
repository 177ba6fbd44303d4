// A route's exact-cache settings, and the digest of everything in the config that shapes what the
// route sends upstream or gets back: an entry made under another definition is never served.

import { createHash } from 'node:crypto';
import { answerShape, catalogAnswerShape } from '../catalog/answer-shape.js';
import type { CatalogEntry } from '../catalog/catalog-schema.js';
import type { ModelCatalog } from '../catalog/model-catalog.js';
import { withoutUndefined } from '../core/without-undefined.js';
import type { ProviderSettings } from '../providers/provider.js';
import type { SemanticCacheSettings } from './cache-schema.js';
import type { GatewayConfig } from './config-schema.js';
import type { ModelConfig } from './model-schema.js';

export interface RouteCache {
  ttlMs: number;
  maxEntryBytes: number;
  /** Serving requests that mean the same; undefined: exact matches only. */
  semantic?: SemanticCacheSettings | undefined;
  /**
   * A digest of the route's definition: the model entry, its providers' settings minus
   * credentials, and its targets' catalog entries minus prices.
   */
  routeDigest: string;
}

/** What the digest needs of each target: its model when fixed, and the catalog it is looked up in. */
export interface CatalogedTarget {
  fixedModel: string | undefined;
  entry: CatalogEntry | undefined;
  catalog: ModelCatalog;
}

/** The route's cache settings (defaults.cache < the model's), or undefined when it is off. */
export function routeCache(
  model: ModelConfig,
  config: GatewayConfig,
  settings: Map<string, ProviderSettings>,
  targets: readonly CatalogedTarget[],
): RouteCache | undefined {
  const merged = { ...config.defaults.cache, ...withoutUndefined(model.cache ?? {}) };
  if (!merged.enabled) return undefined;
  // What the route sends where: its entry, and each target's provider settings as they shape the
  // request (headers, api version, region, safe prompt, the default max_tokens), never its
  // credentials, so rotating a key keeps the entries while any other change starts afresh.
  const providers = model.targets.map((target) => {
    const provider = settings.get(target.provider);
    if (provider === undefined) return null;
    const { apiKeys: _keys, entra: _entra, serviceAccount: _account, aws: _aws, ...shape } = provider;
    return shape;
  });
  // And what the catalog (with the config's `catalog:` overrides) makes of each target's model:
  // rewrites and limits change the request, prices do not. A model derived from the requested
  // name may meet any entry.
  const catalog = targets.map((target) =>
    target.fixedModel === undefined ? catalogAnswerShape(target.catalog) : answerShape(target.entry),
  );
  const definition = JSON.stringify([model, providers, catalog]);
  const semantic = model.cache?.semantic;
  return {
    ttlMs: merged.ttlMs,
    maxEntryBytes: merged.maxEntryBytes,
    semantic: semantic?.enabled === true ? semantic : undefined,
    routeDigest: createHash('sha256').update(definition).digest('hex').slice(0, 32),
  };
}
