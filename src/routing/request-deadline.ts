// A client's latency budget for one request, from its headers: `x-switchyard-deadline` (an
// absolute time: epoch milliseconds or an ISO 8601 date) or `x-switchyard-budget-ms` (what is left,
// in milliseconds). Agents pass the same absolute deadline to every step of a workflow, so each
// step gets what its predecessors left. Bad values are the client's error, never ignored.

import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../errors.js';

export const deadlineHeader = 'x-switchyard-deadline';
export const budgetHeader = 'x-switchyard-budget-ms';

/**
 * Attempts stop this long before the request's deadline, so the answer (an error, mostly) is
 * written by the deadline rather than after it: a timer fires up to a millisecond late, and the
 * error path and the write take about another.
 */
export const replyReserveMs = 2;

/** A budget longer than this (a day) is a mistake, not a budget. */
const longestBudgetMs = 86_400_000;

/** The client's deadline as epoch ms, or undefined when it sent none. */
export function clientDeadline(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const absolute = single(headers, deadlineHeader);
  const remaining = single(headers, budgetHeader);
  if (absolute !== undefined && remaining !== undefined) {
    throw invalid(`send ${deadlineHeader} or ${budgetHeader}, not both`, deadlineHeader);
  }
  if (remaining !== undefined) {
    if (!/^\d{1,9}$/.test(remaining) || Number(remaining) > longestBudgetMs) {
      throw invalid(`${budgetHeader} must be whole milliseconds, at most ${longestBudgetMs}`, budgetHeader);
    }
    return now + Number(remaining);
  }
  if (absolute === undefined) return undefined;
  const at = /^\d{1,15}$/.test(absolute) ? Number(absolute) : Date.parse(absolute);
  if (!Number.isFinite(at) || (!/^\d+$/.test(absolute) && !/^\d{4}-\d{2}-\d{2}T/.test(absolute))) {
    throw invalid(`${deadlineHeader} must be epoch milliseconds or an ISO 8601 date-time`, deadlineHeader);
  }
  if (at - now > longestBudgetMs) {
    throw invalid(`${deadlineHeader} is more than a day away`, deadlineHeader);
  }
  return at;
}

/** The request cannot start: its budget is spent. Not retryable: a retry would be later still. */
export function deadlinePassed(): GatewayError {
  return new GatewayError(
    'upstream_timeout',
    "The request's deadline passed before it could be sent upstream.",
    {
      retryable: false,
    },
  );
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw invalid(`send ${name} once`, name);
  return value.trim();
}

function invalid(message: string, header: string): GatewayError {
  return new GatewayError('invalid_request', message, { param: header });
}
