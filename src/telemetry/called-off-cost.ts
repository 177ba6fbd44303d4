// The cost of attempts that did not serve the answer but that the provider bills: those called off
// after a hedged race was decided, and those that failed or were cut after their upstream began
// to answer (a stream that sent its start, then an overloaded error or silence past firstTokenMs;
// a 200 whose function call was malformed). The upstream already read the prompt and may have
// begun answering: the record prices each such attempt on its own target's prices and adds it to
// the request's cost. The attempt's own usage when it reported one (the whole answer's, or a
// stream's start figures), else an estimate with the tokenizer: the prompt, plus whatever output
// was seen (a lower bound: output generated upstream after the last byte read is invisible).

import { billedApart, type RequestTrail } from './request-trail.js';
import type { CalledOffCost, CostRecord } from './request-record.js';
import { answerFacts } from './answer-facts.js';
import { answerUsage } from './answer-usage.js';
import { priceUsage } from './price-usage.js';

/** The part of `cost.unknown` saying a called-off attempt could not be priced. */
export const calledOffUnknown = 'calledOff';

export async function calledOffCosts(
  trail: RequestTrail,
  catalogVersion: string,
  /** The prompt's tokens, counted once for the whole record. */
  promptTokens: () => Promise<number>,
  countTokens: (text: string) => Promise<number>,
): Promise<CalledOffCost[]> {
  const costs: CalledOffCost[] = [];
  const served = trail.served;
  for (const attempt of trail.attempts) {
    if (!billedApart(attempt, served)) continue;
    const usage = await answerUsage(answerFacts(attempt, true), promptTokens, countTokens);
    const cost = priceUsage(usage, attempt.target.catalogEntry, catalogVersion);
    costs.push({
      attempt: attempt.number,
      reason: attempt.calledOff ? 'called-off' : 'failed',
      provider: attempt.target.settings.name,
      upstreamModel: attempt.target.upstreamModel,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      source: usage.source === 'provider' ? 'provider' : 'estimated',
      usd: cost.usd,
      knownUsd: cost.knownUsd,
    });
  }
  return costs;
}

/** The request's cost with its called-off attempts added: unknown as soon as one is unpriced. */
export function withCalledOff(cost: CostRecord, calledOff: readonly CalledOffCost[]): CostRecord {
  if (calledOff.length === 0) return cost;
  let usd = cost.usd;
  let knownUsd = cost.knownUsd;
  const unknown = [...cost.unknown];
  for (const loser of calledOff) {
    knownUsd += loser.knownUsd;
    if (loser.usd === null) {
      usd = null;
      if (!unknown.includes(calledOffUnknown)) unknown.push(calledOffUnknown);
    } else if (usd !== null) usd += loser.usd;
  }
  return { ...cost, usd, knownUsd, unknown, calledOff: [...calledOff] };
}
