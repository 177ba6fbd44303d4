// Prices a request's usage for its record: UsageRecord x the target's catalog entry -> CostRecord,
// through the catalog's own arithmetic (costOf). Pure. The entry must be the config-merged one
// (ResolvedTarget.catalogEntry), so `catalog:` price overrides apply; nothing here reads config.

import { costOf } from '../catalog/cost.js';
import type { CatalogEntry } from '../catalog/catalog-schema.js';
import type { CostRecord, UsageRecord } from './request-record.js';

/**
 * USD for a usage record. Without a catalog entry the model is unknown: usd null, `unknown`
 * ['model'], the token lines (and fees) listed unpriced so the record can be re-priced later. A usage of no
 * tokens at all (nothing reached a model, or an empty answer) costs a known 0. Embeddings need no
 * variant: their entries price `input` only, and their usage has input tokens only.
 */
export function priceUsage(
  usage: UsageRecord,
  entry: CatalogEntry | undefined,
  catalogVersion: string,
): CostRecord {
  const cost = costOf(usage, entry?.prices, { cacheWrite1hTokens: usage.cacheWrite1hTokens ?? 0 });
  const lines = cost.lines.map((line) => ({
    part: line.part,
    tokens: line.tokens,
    usdPerMillion: line.usdPerMillion ?? null,
    usd: line.usd ?? null,
  }));
  const fees = cost.fees.map((fee) => ({
    part: fee.part,
    requests: fee.requests,
    usdPerThousand: fee.usdPerThousand ?? null,
    usd: fee.usd ?? null,
  }));
  const itemized = { lines, ...(fees.length > 0 ? { fees } : {}), catalogVersion };
  if (entry === undefined && (lines.length > 0 || fees.length > 0)) {
    return { usd: null, knownUsd: 0, unknown: ['model'], tier: cost.tier, ...itemized };
  }
  return {
    usd: cost.usd ?? null,
    knownUsd: cost.knownUsd,
    unknown: cost.unknown,
    tier: cost.tier,
    ...itemized,
  };
}
