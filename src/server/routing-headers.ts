// What the router did, told to the client on every answer it served: which deployment answered,
// after how many attempts, and whether that was a fallback (not the route's first target).

import type { ResolvedTarget } from '../config/resolve-model.js';
import type { RetryOutcome } from '../routing/with-retries.js';

export const routingHeaderNames = {
  provider: 'x-switchyard-provider',
  model: 'x-switchyard-model',
  attempts: 'x-switchyard-attempts',
  fallback: 'x-switchyard-fallback',
  hedge: 'x-switchyard-hedge',
  fallbackModel: 'x-switchyard-fallback-model',
} as const;

export function routingHeaders(
  targets: readonly ResolvedTarget[],
  outcome: RetryOutcome<unknown>,
): Record<string, string> {
  const served = targets[outcome.served];
  const headers: Record<string, string> = {
    [routingHeaderNames.provider]: headerSafe(served?.settings.name ?? ''),
    [routingHeaderNames.model]: headerSafe(served?.upstreamModel ?? ''),
    [routingHeaderNames.attempts]: String(outcome.attempts),
    [routingHeaderNames.fallback]: outcome.served > 0 ? 'true' : 'false',
  };
  if (outcome.hedge !== undefined) headers[routingHeaderNames.hedge] = outcome.hedge;
  return headers;
}

const unsafe = /[^\x20-\x7e]/u;

/** When a fallback model answered: its name, and the answer counts as a fallback. */
export function fallbackModelHeader(
  requested: { alias: string },
  served: { alias: string },
): Record<string, string> {
  if (requested.alias === served.alias) return {};
  return {
    [routingHeaderNames.fallbackModel]: headerSafe(served.alias),
    [routingHeaderNames.fallback]: 'true',
  };
}

/**
 * A model derived from the client's requested name (a `*` route) may hold any character, and a
 * header may not: anything outside printable ASCII is percent-encoded (a lone surrogate becomes ?).
 */
function headerSafe(value: string): string {
  if (!unsafe.test(value)) return value;
  return value.replace(/[^\x20-\x7e]/gu, (character) => {
    try {
      return encodeURIComponent(character);
    } catch {
      return '?';
    }
  });
}
