// Run a request on its model, then on the model's fallback models while the failure matches
// their conditions: depth first (a fallback's own fallbacks come before its siblings), each model
// at most once. The request's deadline still bounds everything (each run plans within it).

import { GatewayError } from '../errors.js';
import { matchesFallback, type FallbackCondition } from './fallback-conditions.js';

export interface FallbackRoute {
  alias: string;
  fallbacks: ReadonlyArray<{ model: string; on: readonly FallbackCondition[] }>;
}

/** A failure the next model may fix: one retries could not, or a refusal of this model's own. */
function mayFallBack(error: GatewayError): boolean {
  return error.retryable || error.code === 'content_filter' || error.code === 'context_length_exceeded';
}

export async function withFallbacks<Route extends FallbackRoute, Result>(
  first: Route,
  resolve: (model: string) => Route | undefined,
  run: (route: Route) => Promise<Result>,
): Promise<{ result: Result; route: Route }> {
  const visited = new Set<string>([first.alias]);
  const pending: Array<{ model: string; on: readonly FallbackCondition[] }> = [];
  let route = first;
  for (;;) {
    try {
      return { result: await run(route), route };
    } catch (thrown) {
      if (!(thrown instanceof GatewayError) || !mayFallBack(thrown)) throw thrown;
      pending.unshift(...route.fallbacks);
      const next = nextRoute(pending, thrown, visited, resolve);
      if (next === undefined) throw thrown;
      route = next;
    }
  }
}

function nextRoute<Route extends FallbackRoute>(
  pending: Array<{ model: string; on: readonly FallbackCondition[] }>,
  error: GatewayError,
  visited: Set<string>,
  resolve: (model: string) => Route | undefined,
): Route | undefined {
  while (pending.length > 0) {
    const entry = pending.shift()!;
    if (visited.has(entry.model) || !matchesFallback(error, entry.on)) continue;
    const route = resolve(entry.model);
    if (route === undefined) continue;
    visited.add(entry.model);
    return route;
  }
  return undefined;
}
