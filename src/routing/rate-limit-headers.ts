// What an upstream says about its remaining quota, from its response headers: OpenAI and Azure
// OpenAI send x-ratelimit-{limit,remaining,reset}-{requests,tokens} (resets as durations such as
// "1s", "6m0s", "20ms"); Anthropic sends anthropic-ratelimit-{requests,tokens}-{limit,remaining,
// reset} (resets as RFC 3339 times). A 429's retry-after / retry-after-ms says when to come back.
// @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
// @see https://docs.anthropic.com/en/api/rate-limits#response-headers

import type { HeaderLookup } from '../upstream/rate-limit-lookup.js';

export type { HeaderLookup };

export interface QuotaReading {
  kind: 'requests' | 'tokens';
  remaining: number;
  limit: number | undefined;
  /** Milliseconds until the quota refills, when the upstream said. */
  resetMs: number | undefined;
}

export function readRateLimits(header: HeaderLookup, now = Date.now()): QuotaReading[] {
  const readings: QuotaReading[] = [];
  for (const kind of ['requests', 'tokens'] as const) {
    const openai = reading(
      kind,
      header(`x-ratelimit-remaining-${kind}`),
      header(`x-ratelimit-limit-${kind}`),
      parseDuration(header(`x-ratelimit-reset-${kind}`)),
    );
    const anthropic = reading(
      kind,
      header(`anthropic-ratelimit-${kind}-remaining`),
      header(`anthropic-ratelimit-${kind}-limit`),
      untilTime(header(`anthropic-ratelimit-${kind}-reset`), now),
    );
    for (const found of [openai, anthropic]) if (found !== undefined) readings.push(found);
  }
  return readings;
}

function reading(
  kind: QuotaReading['kind'],
  remaining: string | undefined,
  limit: string | undefined,
  resetMs: number | undefined,
): QuotaReading | undefined {
  const left = wholeNumber(remaining);
  if (left === undefined) return undefined;
  return { kind, remaining: left, limit: wholeNumber(limit), resetMs };
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** "1s", "6m0s", "20ms", "1h2m3.5s" -> milliseconds. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(trimmed)) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(amount) * (units[unit!] ?? 0);
  }
  return total;
}

function untilTime(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
