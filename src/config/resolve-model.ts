// Requested model name -> the targets to try, on every request. Lookup tables are built once per
// config object (cached in a WeakMap, so a reload builds new ones and the old go with the old
// config): a Map for exact aliases, then patterns longest prefix first. Reads nothing else.

import type { HoldSettings } from './hold-schema.js';
import type { CatalogEntry } from '../catalog/catalog-schema.js';
import { catalogFor, type ModelCatalog } from '../catalog/model-catalog.js';
import { rulesFor, type ModelRules } from '../catalog/model-rules.js';
import type { ProviderSettings } from '../providers/provider.js';
import type { GatewayConfig } from './config-schema.js';
import { routeCache, type RouteCache } from './route-cache.js';
import type { InputCheck, OutputCheck } from './guardrails-schema.js';
import type { BalanceStrategy, ModelConfig, ModelKind, TimeoutOverrides, Timeouts } from './model-schema.js';
import type { BreakerOptions } from '../routing/circuit-breaker.js';
import type { DeploymentLimits } from '../routing/deployment-quotas.js';
import { deploymentKey } from '../routing/deployment-stats.js';
import { defaultFallbackConditions, type FallbackEntry } from '../routing/fallback-conditions.js';
import type { BreakerConfig, BreakerOverrides } from './breaker-schema.js';

export interface ResolvedTarget {
  settings: ProviderSettings;
  /** The model id to send upstream. */
  upstreamModel: string;
  /** defaults.timeouts < the model's timeouts < the target's timeouts. */
  timeouts: Timeouts;
  /** The upstream model's catalog entry (limits, prices), when the catalog knows it. */
  catalogEntry?: CatalogEntry | undefined;
  /** Parameter rewrites and limits to apply; undefined when there is nothing to do. */
  rules?: ModelRules | undefined;
  /** This deployment's circuit breaker settings; undefined when breakers are off for the route. */
  breaker?: BreakerOptions | undefined;
  /** Its share under `balance: weighted` (default 1). */
  weight?: number;
  /** Its declared quotas, when the config gives them (routing/deployment-quotas.ts). */
  limits?: DeploymentLimits | undefined;
  /** deploymentKey(provider, upstream model), kept when the model is fixed (no string per request). */
  deployment?: string | undefined;
}

export interface ResolvedModel {
  /** The config key that matched: the alias itself, or the pattern (e.g. `claude-*`). */
  alias: string;
  kind: ModelKind;
  targets: ResolvedTarget[];
  /** defaults.timeouts < the model's timeouts: its totalMs bounds the whole request. */
  timeouts: Timeouts;
  /** How the targets are ordered for each request (routing/order-targets.ts). */
  balance: BalanceStrategy;
  /** The header that pins a caller to one target, lower-cased. */
  stickyHeader?: string | undefined;
  /** Other models to try, in order, when this one fails with a matching error (routing/fallback-conditions.ts). */
  fallbacks: readonly FallbackEntry[];
  /** Hedging of the first attempt (routing/hedge-policy.ts); undefined: none. */
  hedge?: { delayMs?: number | undefined; minimumSamples: number } | undefined;
  /** The route's exact cache (src/cache); undefined: off. */
  cache?: RouteCache | undefined;
  /** The checks on the route's input, in order; empty: none. */
  inputChecks: readonly InputCheck[];
  /** The checks on the route's answers, in order; empty: none. */
  outputChecks: readonly OutputCheck[];
  /** Where answers an output check holds go (guardrails.hold); undefined: no check holds. */
  hold?: HoldSettings | undefined;
}

export interface ListedModel {
  id: string;
  kind: ModelKind;
  ownedBy: string;
}

interface PreparedTarget {
  settings: ProviderSettings;
  /** undefined: derive from the requested name ('*'). */
  fixedModel: string | undefined;
  timeouts: Timeouts;
  /** Looked up once here for a fixed model; per request (cached) for a derived one. */
  catalog: ModelCatalog;
  entry: CatalogEntry | undefined;
  rules: ModelRules | undefined;
  breaker: BreakerOptions | undefined;
  weight: number;
  limits: DeploymentLimits | undefined;
  /** deploymentKey() of a fixed model. */
  deployment: string | undefined;
}

interface PreparedModel {
  alias: string;
  kind: ModelKind;
  /** For patterns: the literal text before '*'. */
  prefix: string;
  /** Stripped from the requested name for '*' targets (the prefix when the pattern ends in '/*'). */
  strip: string;
  targets: PreparedTarget[];
  timeouts: Timeouts;
  balance: BalanceStrategy;
  stickyHeader: string | undefined;
  hedge: ResolvedModel['hedge'];
  fallbacks: ResolvedModel['fallbacks'];
  cache: RouteCache | undefined;
  inputChecks: readonly InputCheck[];
  outputChecks: readonly OutputCheck[];
  hold: HoldSettings | undefined;
}

interface ModelIndex {
  exact: Map<string, PreparedModel>;
  /** Longest prefix first, so the most specific pattern wins. */
  patterns: PreparedModel[];
}

const indexes = new WeakMap<GatewayConfig, Record<ModelKind, ModelIndex>>();

export function resolveModel(
  config: GatewayConfig,
  requestedName: string,
  kind: ModelKind,
): ResolvedModel | undefined {
  const index = indexFor(config)[kind];
  const exact = index.exact.get(requestedName);
  if (exact !== undefined) return materialize(exact, requestedName);
  for (const pattern of index.patterns) {
    // '*' stands for at least one character: `groq/` alone names no model.
    if (requestedName.length > pattern.prefix.length && requestedName.startsWith(pattern.prefix)) {
      return materialize(pattern, requestedName);
    }
  }
  return undefined;
}

/** The concrete aliases, for /v1/models. Patterns match open-ended names and cannot be listed. */
export function listModels(config: GatewayConfig): ListedModel[] {
  return Object.entries(config.models)
    .filter(([alias]) => !alias.endsWith('*'))
    .map(([alias, model]) => ({ id: alias, kind: model.kind, ownedBy: ownerOf(model) }));
}

/**
 * One model for `GET /v1/models/{id}`: an alias of either kind, or a name a pattern serves
 * (reported under the name asked for, owned as the most specific pattern of either kind says);
 * undefined when nothing serves it.
 */
export function describeModel(config: GatewayConfig, id: string): ListedModel | undefined {
  const alias = id.endsWith('*') ? undefined : config.models[id];
  if (alias !== undefined) return { id, kind: alias.kind, ownedBy: ownerOf(alias) };
  let best: { pattern: string; kind: ModelKind } | undefined;
  for (const kind of ['chat', 'embeddings'] as const) {
    const pattern = resolveModel(config, id, kind)?.alias;
    if (pattern !== undefined && (best === undefined || pattern.length > best.pattern.length)) {
      best = { pattern, kind };
    }
  }
  if (best === undefined) return undefined;
  const model = config.models[best.pattern];
  return model === undefined ? undefined : { id, kind: best.kind, ownedBy: ownerOf(model) };
}

/** Every alias and pattern of one kind, for a "model not found" message that says what is served. */
export function servedNames(config: GatewayConfig, kind: ModelKind): string[] {
  return Object.entries(config.models)
    .filter(([, model]) => model.kind === kind)
    .map(([alias]) => alias);
}

/** Builds the lookup tables now rather than on the first request. */
export function prepareModels(config: GatewayConfig): void {
  indexFor(config);
}

function materialize(model: PreparedModel, requestedName: string): ResolvedModel {
  const derived = requestedName.slice(model.strip.length);
  return {
    alias: model.alias,
    kind: model.kind,
    timeouts: model.timeouts,
    balance: model.balance,
    stickyHeader: model.stickyHeader,
    hedge: model.hedge,
    fallbacks: model.fallbacks,
    cache: model.cache,
    inputChecks: model.inputChecks,
    outputChecks: model.outputChecks,
    hold: model.hold,
    targets: model.targets.map((target) => {
      if (target.fixedModel !== undefined) {
        const { settings, fixedModel, timeouts, entry, rules, breaker, weight, limits } = target;
        return {
          settings,
          upstreamModel: fixedModel,
          timeouts,
          catalogEntry: entry,
          rules,
          breaker,
          weight,
          limits,
        };
      }
      const entry = target.catalog.lookup(target.settings.type, derived);
      return {
        settings: target.settings,
        upstreamModel: derived,
        timeouts: target.timeouts,
        catalogEntry: entry,
        rules: rulesFor(entry),
        breaker: target.breaker,
        weight: target.weight,
        limits: target.limits,
      };
    }),
  };
}

function indexFor(config: GatewayConfig): Record<ModelKind, ModelIndex> {
  let index = indexes.get(config);
  if (index === undefined) {
    index = buildIndex(config);
    indexes.set(config, index);
  }
  return index;
}

function buildIndex(config: GatewayConfig): Record<ModelKind, ModelIndex> {
  const index: Record<ModelKind, ModelIndex> = {
    chat: { exact: new Map(), patterns: [] },
    embeddings: { exact: new Map(), patterns: [] },
  };
  const settings = new Map<string, ProviderSettings>();
  for (const [name, provider] of Object.entries(config.providers)) {
    settings.set(name, Object.freeze({ name, ...provider, defaultMaxTokens: config.defaults.maxTokens }));
  }
  for (const [alias, model] of Object.entries(config.models)) {
    const prepared = prepareModel(alias, model, config, settings);
    if (alias.endsWith('*')) index[model.kind].patterns.push(prepared);
    else index[model.kind].exact.set(alias, prepared);
  }
  for (const kind of Object.values(index))
    kind.patterns.sort((left, right) => right.prefix.length - left.prefix.length);
  return index;
}

function prepareModel(
  alias: string,
  model: ModelConfig,
  config: GatewayConfig,
  settings: Map<string, ProviderSettings>,
): PreparedModel {
  const isPattern = alias.endsWith('*');
  const prefix = isPattern ? alias.slice(0, -1) : alias;
  const catalog = catalogFor(config.catalog);
  const breaker = mergeBreaker(config.defaults.circuitBreaker, model.circuitBreaker);
  const targets = model.targets.flatMap((target): PreparedTarget[] => {
    const provider = settings.get(target.provider);
    // Validation guarantees the provider exists; a hand-built config that breaks this just skips it.
    if (provider === undefined) return [];
    const fixedModel = target.model === '*' ? undefined : target.model;
    const entry = fixedModel === undefined ? undefined : catalog.lookup(provider.type, fixedModel);
    return [
      {
        settings: provider,
        fixedModel,
        timeouts: mergeTimeouts(config.defaults.timeouts, model.timeouts, target.timeouts),
        catalog,
        entry,
        rules: rulesFor(entry),
        breaker,
        weight: target.weight,
        limits: target.limits,
        deployment: fixedModel === undefined ? undefined : deploymentKey(provider.name, fixedModel),
      },
    ];
  });
  return {
    alias,
    kind: model.kind,
    prefix,
    strip: isPattern && alias.endsWith('/*') ? prefix : '',
    targets,
    timeouts: mergeTimeouts(config.defaults.timeouts, model.timeouts),
    balance: model.balance,
    stickyHeader: model.sticky?.header.toLowerCase(),
    hedge: model.hedge,
    cache: routeCache(model, config, settings, targets),
    inputChecks: model.guardrails?.input ?? [],
    outputChecks: model.guardrails?.output ?? [],
    hold: model.guardrails?.hold,
    fallbacks: (model.fallbacks ?? []).map((fallback): FallbackEntry =>
      fallback.longerContext === true
        ? { longerContext: true, on: fallback.on ?? ['context_length'] }
        : { model: fallback.model ?? '', on: fallback.on ?? defaultFallbackConditions },
    ),
  };
}

function mergeTimeouts(base: Timeouts, ...overrides: Array<TimeoutOverrides | undefined>): Timeouts {
  const merged = { ...base };
  for (const override of overrides) {
    for (const key of Object.keys(merged) as Array<keyof Timeouts>) {
      const value = override?.[key];
      if (value !== undefined) merged[key] = value;
    }
  }
  return Object.freeze(merged);
}

function mergeBreaker(
  base: BreakerConfig,
  override: BreakerOverrides | undefined,
): BreakerOptions | undefined {
  const { enabled, ...options } = { ...base, ...definedFields(override) };
  return enabled ? Object.freeze(options) : undefined;
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

function ownerOf(model: ModelConfig): string {
  return model.ownedBy ?? model.targets[0]?.provider ?? 'switchyard';
}
