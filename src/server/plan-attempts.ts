// Before a request's attempts: its deadline (the model's totalMs, or the client's budget when
// shorter), the order of its targets (balance, sticky header, budget, quota), and what the answer's
// headers will say of its budget and its workflow (routing-headers.ts).

import type { ResolvedModel, ResolvedTarget } from '../config/resolve-model.js';
import { fitBudget } from '../routing/fit-budget.js';
import { shortLast } from '../routing/short-last.js';
import { orderTargets } from '../routing/order-targets.js';
import { clientDeadline, deadlinePassed, replyReserveMs } from '../routing/request-deadline.js';
import type { Exchange } from './exchange.js';
import type { Gateway } from './gateway.js';
import { stickyValue } from './sticky-value.js';
import type { RequestTrail } from '../telemetry/request-trail.js';

export interface AttemptPlan {
  /** When the client must have its answer (epoch ms). */
  deadline: number;
  /** When attempts must end: the deadline less the time to write the answer (replyReserveMs). */
  attemptsEnd: number;
  targets: ResolvedTarget[];
  /** With x-switchyard-workflow: what the workflow's earlier requests took (ms). */
  workflowSpentMs: number | undefined;
  /** True when the client set the deadline. */
  budgeted: boolean;
}

export function planAttempts(
  exchange: Exchange,
  gateway: Gateway,
  route: ResolvedModel,
  trail: RequestTrail,
  /** The model the client asked for: a fallback model runs under its deadline, not its own. */
  requested: ResolvedModel = route,
): AttemptPlan {
  // Budgets count from the request's arrival, not from here (after its body was read).
  const arrived = trail.receivedAt;
  const client = clientDeadline(exchange.request.headers, arrived);
  const deadline = Math.min(arrived + requested.timeouts.totalMs, client ?? Number.POSITIVE_INFINITY);
  const now = Date.now();
  if (deadline <= now) throw deadlinePassed();
  let targets = orderTargets(route, gateway.deploymentStats, stickyValue(exchange.request, route));
  if (client !== undefined) targets = fitBudget(targets, deadline - now, gateway.deploymentStats);
  targets = shortLast(targets, gateway.quotas);
  const workflowSpentMs = trail.workflowId === null ? undefined : gateway.workflows.spentMs(trail.workflowId);
  return {
    deadline,
    attemptsEnd: deadline - replyReserveMs,
    targets,
    workflowSpentMs,
    budgeted: client !== undefined,
  };
}
