// What the router did, told to the client on every answer it served: which deployment answered,
// after how many attempts, whether that was a fallback or a hedge, and what is left of the
// client's budget and known of its workflow.

import type { AttemptPlan } from './plan-attempts.js';
import type { RetryOutcome } from '../routing/with-retries.js';

export const routingHeaderNames = {
  provider: 'x-switchyard-provider',
  model: 'x-switchyard-model',
  attempts: 'x-switchyard-attempts',
  fallback: 'x-switchyard-fallback',
  hedge: 'x-switchyard-hedge',
  fallbackModel: 'x-switchyard-fallback-model',
  workflowSpent: 'x-switchyard-workflow-spent-ms',
  budgetLeft: 'x-switchyard-budget-remaining-ms',
} as const;

/** What the answer says of the request's way: one object, the fields that apply. */
export interface RoutedRequest {
  outcome: RetryOutcome<unknown>;
  plan: Pick<AttemptPlan, 'targets' | 'deadline' | 'budgeted' | 'workflowSpentMs'>;
  /** The model the client asked for, and the one that answered (a fallback model, or the same). */
  requested: { alias: string };
  answered: { alias: string };
}

export function routingHeaders(
  { outcome, plan, requested, answered }: RoutedRequest,
  now = Date.now(),
): Record<string, string> {
  const served = plan.targets[outcome.served];
  const headers: Record<string, string> = {
    [routingHeaderNames.provider]: headerSafe(served?.settings.name ?? ''),
    [routingHeaderNames.model]: headerSafe(served?.upstreamModel ?? ''),
    [routingHeaderNames.attempts]: String(outcome.attempts),
    [routingHeaderNames.fallback]: outcome.served > 0 ? 'true' : 'false',
  };
  if (outcome.hedge !== undefined) headers[routingHeaderNames.hedge] = outcome.hedge;
  if (requested.alias !== answered.alias) {
    headers[routingHeaderNames.fallbackModel] = headerSafe(answered.alias);
    headers[routingHeaderNames.fallback] = 'true';
  }
  if (plan.workflowSpentMs !== undefined) {
    headers[routingHeaderNames.workflowSpent] = String(Math.round(plan.workflowSpentMs));
  }
  if (plan.budgeted) headers[routingHeaderNames.budgetLeft] = String(Math.max(0, plan.deadline - now));
  return headers;
}

const unsafe = /[^\x20-\x7e]/u;

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
