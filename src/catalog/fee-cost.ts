// Fees a provider charges per request rather than per token (Anthropic's web searches), priced from
// a catalog entry. Pure. A fee with a count but no price is unknown, like a token class without one.

import type { Usage } from '../core/index.js';
import type { Prices } from './catalog-schema.js';

export type FeePart = 'webSearch';

export interface FeeLine {
  part: FeePart;
  /** How many the provider reported (searches). */
  requests: number;
  /** USD per 1,000 requests; undefined when the catalog has no price for this fee. */
  usdPerThousand: number | undefined;
  usd: number | undefined;
}

/**
 * One line per fee with a count above zero. Fees do not change with the long-context tier.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing
 */
export function feesOf(usage: Usage, prices: Prices | undefined): FeeLine[] {
  const counts: Record<FeePart, number> = { webSearch: usage.webSearchRequests ?? 0 };
  const perThousand: Record<FeePart, number | undefined> = { webSearch: prices?.webSearchPerThousand };
  const lines: FeeLine[] = [];
  for (const part of Object.keys(counts) as FeePart[]) {
    const requests = counts[part];
    if (!(requests > 0)) continue;
    const usdPerThousand = perThousand[part];
    const usd = usdPerThousand === undefined ? undefined : (requests * usdPerThousand) / 1_000;
    lines.push({ part, requests, usdPerThousand, usd });
  }
  return lines;
}
