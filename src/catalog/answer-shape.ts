// The part of a catalog entry that can change what a request sends upstream or what comes back
// (rewrites, output limit, context window, capabilities, which upstream names it covers), for the
// cache's route digest. Prices and the source page only price and cite an answer: they are left
// out. Any other field, one added later included, counts, so a new field is safe by default.

import type { CatalogEntry } from './catalog-schema.js';
import type { ModelCatalog } from './model-catalog.js';

/** Fields that never change a request or its answer. */
export type AnswerNeutralField = 'prices' | 'source';

export type AnswerShape = Omit<CatalogEntry, AnswerNeutralField>;

/** The entry without its answer-neutral fields; null for a model the catalog does not know. */
export function answerShape(entry: CatalogEntry | undefined): AnswerShape | null {
  if (entry === undefined) return null;
  const { prices: _prices, source: _source, ...shape } = entry;
  return shape;
}

const shapes = new WeakMap<ModelCatalog, readonly AnswerShape[]>();

/**
 * Every entry's answer shape, for targets whose model is derived from the requested name (any
 * entry may apply). Built once per catalog, that is once per `catalog:` section.
 */
export function catalogAnswerShape(catalog: ModelCatalog): readonly AnswerShape[] {
  let shape = shapes.get(catalog);
  if (shape === undefined) {
    shape = catalog.entries.map((entry) => answerShape(entry)!);
    shapes.set(catalog, shape);
  }
  return shape;
}
