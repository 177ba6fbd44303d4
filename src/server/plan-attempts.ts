// Before a request's attempts: its deadline (the model's totalMs, or the client's budget when
// shorter), the order of its targets (balance, sticky header, budget), and the headers that tell
// the client about its budget and its workflow.

import type { ResolvedModel, ResolvedTarget } from '../config/resolve-model.js';
import { fitBudget } from '../routing/fit-budget.js';
import { shortLast } from '../routing/short-last.js';
import { orderTargets } from '../routing/order-targets.js';
import { clientDeadline, deadlinePassed } from '../routing/request-deadline.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { stickyValue } from './sticky-value.js';
import type { RequestTrail } from '../telemetry/request-trail.js';

export interface AttemptPlan {
  deadline: number;
  targets: ResolvedTarget[];
  /** For the answer: the budget left and the workflow's earlier time, when they apply. */
  headers: Record<string, string>;
  /** True when the client set the deadline. */
  budgeted: boolean;
}

export function planAttempts(
  exchange: Exchange,
  gateway: Gateway,
  route: ResolvedModel,
  trail: RequestTrail,
): AttemptPlan {
  // Budgets count from the request's arrival, not from here (after its body was read).
  const arrived = trail.receivedAt;
  const client = clientDeadline(exchange.request.headers, arrived);
  const deadline = Math.min(arrived + route.timeouts.totalMs, client ?? Number.POSITIVE_INFINITY);
  const now = Date.now();
  if (deadline <= now) throw deadlinePassed();
  let targets = orderTargets(route, gateway.deploymentStats, stickyValue(exchange.request, route));
  if (client !== undefined) targets = fitBudget(targets, deadline - now, gateway.deploymentStats);
  targets = shortLast(targets, gateway.quotas);
  const headers: Record<string, string> = {};
  if (trail.workflowId !== null) {
    headers['x-switchyard-workflow-spent-ms'] = String(
      Math.round(gateway.workflows.spentMs(trail.workflowId)),
    );
  }
  return { deadline, targets, headers, budgeted: client !== undefined };
}

/** The budget left when the answer starts, for a client that set one. */
export function budgetLeftHeader(plan: AttemptPlan, now = Date.now()): Record<string, string> {
  return plan.budgeted
    ? { 'x-switchyard-budget-remaining-ms': String(Math.max(0, plan.deadline - now)) }
    : {};
}
