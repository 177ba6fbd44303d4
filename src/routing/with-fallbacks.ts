// Run a request on its model, then on the model's fallback models while the failure matches
// their conditions: depth first (a fallback's own fallbacks come before its siblings), each model
// at most once. The request's deadline still bounds everything (each run plans within it).

import { GatewayError } from '../errors.js';
import { matchesFallback, type FallbackEntry } from './fallback-conditions.js';

export interface FallbackRoute {
  alias: string;
  fallbacks: readonly FallbackEntry[];
}

export interface FallbackResolver<Route> {
  /** The route a model name resolves to. */
  byName(model: string): Route | undefined;
  /** The models with a larger context window than `route`'s, smallest first. */
  longerThan(route: Route): Route[];
}

/** A failure the next model may fix: one retries could not, a refusal or an invalid answer of this model's own. */
function mayFallBack(error: GatewayError): boolean {
  return (
    error.retryable ||
    // An account out of quota stays so for this model's targets, not for another model's.
    error.code === 'insufficient_quota' ||
    error.code === 'content_filter' ||
    error.code === 'context_length_exceeded' ||
    error.code === 'invalid_output'
  );
}

export async function withFallbacks<Route extends FallbackRoute, Result>(
  first: Route,
  resolve: FallbackResolver<Route>,
  run: (route: Route) => Promise<Result>,
): Promise<{ result: Result; route: Route }> {
  const visited = new Set<string>([first.alias]);
  const pending: Array<{ entry: FallbackEntry; from: Route }> = [];
  let route = first;
  for (;;) {
    try {
      return { result: await run(route), route };
    } catch (thrown) {
      if (!(thrown instanceof GatewayError) || !mayFallBack(thrown)) throw thrown;
      const from = route;
      pending.unshift(...route.fallbacks.map((entry) => ({ entry, from })));
      const next = nextRoute(pending, thrown, visited, resolve);
      if (next === undefined) throw thrown;
      route = next;
    }
  }
}

function nextRoute<Route extends FallbackRoute>(
  pending: Array<{ entry: FallbackEntry; from: Route }>,
  error: GatewayError,
  visited: Set<string>,
  resolve: FallbackResolver<Route>,
): Route | undefined {
  while (pending.length > 0) {
    const { entry, from } = pending.shift()!;
    if (!matchesFallback(error, entry.on)) continue;
    const candidates =
      entry.model === undefined
        ? resolve.longerThan(from)
        : [resolve.byName(entry.model)].filter((route) => route !== undefined);
    const route = candidates.find((candidate) => !visited.has(candidate.alias));
    if (route === undefined) continue;
    visited.add(route.alias);
    return route;
  }
  return undefined;
}
