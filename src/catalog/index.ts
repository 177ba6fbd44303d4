// The model catalog's public surface: shipped data, overrides, lookup, rules and cost. Other
// folders import from here (or the file behind a name when a cycle forbids it).

export {
  catalogEntrySchema,
  catalogProviderTypes,
  type CatalogEntry,
  type Capabilities,
  type Prices,
  type Rewrites,
} from './catalog-schema.js';
export {
  catalogOverridesSchema,
  applyOverrides,
  mergeEntry,
  type CatalogOverrides,
} from './catalog-overrides.js';
export { catalogVersion, shippedModels } from './models/index.js';
export { ModelCatalog, catalogFor, namesFor, shippedCatalog } from './model-catalog.js';
export { rulesFor, type ModelRules } from './model-rules.js';
export { applyModelRules, warningHeader, type RuledPayload } from './apply-model-rules.js';
export { costOf, type Cost, type CostLine, type CostOptions, type CostPart } from './cost.js';
export { feesOf, type FeeLine, type FeePart } from './fee-cost.js';
