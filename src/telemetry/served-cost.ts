// The part of a request's cost that the served answer itself made: its token lines and fees, without
// the attempts called off around it (hedge losers, json-schema re-asks). A cache hit saves only
// this part, since replaying the answer would make none of the others. Pure.

import type { CostRecord } from './request-record.js';

/** USD of the served answer's lines and fees; null when one of them has no price. */
export function servedUsd(cost: CostRecord): number | null {
  let usd = 0;
  for (const item of [...cost.lines, ...(cost.fees ?? [])]) {
    if (item.usd === null) return null;
    usd += item.usd;
  }
  return usd;
}
