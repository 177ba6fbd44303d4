// The configured models whose context window (from the catalog) is larger than a route's, the
// smallest first: where a prompt too long for the route can go (`fallbacks: [{ longerContext:
// true }]`). A model is judged by its first target; unknown windows never qualify.

import type { GatewayConfig } from './config-schema.js';
import type { ModelKind } from './model-schema.js';
import { resolveModel, type ResolvedModel } from './resolve-model.js';

const windowOf = (route: ResolvedModel): number | undefined => route.targets[0]?.catalogEntry?.contextWindow;

export function longerContextModels(
  config: GatewayConfig,
  route: ResolvedModel,
  kind: ModelKind,
): ResolvedModel[] {
  const current = windowOf(route);
  if (current === undefined) return [];
  const longer: Array<{ route: ResolvedModel; window: number }> = [];
  for (const alias of Object.keys(config.models)) {
    if (alias.endsWith('*') || alias === route.alias) continue;
    const candidate = resolveModel(config, alias, kind);
    const window = candidate === undefined ? undefined : windowOf(candidate);
    if (candidate !== undefined && window !== undefined && window > current)
      longer.push({ route: candidate, window });
  }
  return longer.sort((left, right) => left.window - right.window).map((entry) => entry.route);
}
