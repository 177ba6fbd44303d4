// Human output for one review item (`switchyard review show`): the decision so far, what each
// flagging check found, then the request and the answer exactly as the request log keeps them
// under the route's body policy, and a held answer with its delivery. Formatting only: no I/O, no clock.

import { printable } from './format-table.js';
import { localTimeFormatter } from './record-table.js';
import type { ReviewDetailView } from './review-schemas.js';

interface FlagVerdict {
  check?: unknown;
  stage?: unknown;
  action?: unknown;
  score?: unknown;
  found?: unknown;
}

/** `pii (input): email 1, phone 2`; `injection (input): score 0.97`. */
function describeFlag(verdict: FlagVerdict): string {
  const found =
    verdict.found !== null && typeof verdict.found === 'object'
      ? Object.entries(verdict.found as Record<string, unknown>).map(
          ([type, count]) => `${type} ${String(count)}`,
        )
      : [];
  const detail =
    found.length > 0 ? found.join(', ') : typeof verdict.score === 'number' ? `score ${verdict.score}` : '';
  return `${String(verdict.check)} (${String(verdict.stage)})${detail === '' ? '' : `: ${detail}`}`;
}

/** A stored body: JSON indented, other text as it is; why it is missing when the log kept none. */
function body(text: unknown, policy: string): string {
  if (typeof text !== 'string') return `(not kept: the route's body policy is ${policy})`;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formatReviewDetail(detail: ReviewDetailView, timeZone: string | undefined): string {
  const time = localTimeFormatter(timeZone);
  const { review, record } = detail;
  const decided =
    review.decidedAt === null
      ? 'not yet'
      : `${review.status} by ${review.decidedBy ?? '?'} at ${time(review.decidedAt)}`;
  const lines = [
    `Review ${review.id}: ${review.status}`,
    `Received  ${time(review.receivedAt)}`,
    `Route     ${review.route ?? '-'} (model ${review.model})`,
    `Checks    ${review.checks.join(', ')}`,
    `Decided   ${decided}`,
  ];
  if (review.note !== null) lines.push(`Note      ${review.note.replace(/\n/g, '\n          ')}`);
  if (review.hold != null) lines.push(`Held      ${describeHold(review.hold, time)}`);
  if (record === null)
    return `${printable(lines.join('\n'))}\n\n(the request's record is gone: retention purged it)\n`;
  const guardrails = Array.isArray(record.guardrails) ? (record.guardrails as FlagVerdict[]) : [];
  const flags = guardrails.filter((verdict) => verdict.action === 'flag').map(describeFlag);
  if (flags.length > 0) lines.push(`Flagged   ${flags.join('; ')}`);
  const holds = guardrails.filter((verdict) => verdict.action === 'hold').map(describeFlag);
  if (holds.length > 0) lines.push(`Held by   ${holds.join('; ')}`);
  const policy = typeof record.bodyPolicy === 'string' ? record.bodyPolicy : 'unknown';
  lines.push(`Status    ${record.status} ${record.outcome}`, '', `Request (body policy: ${policy}):`);
  lines.push(body(record.prompt, policy), '', 'Response:', body(record.response, policy));
  if (detail.heldAnswer != null) {
    const released = review.status === 'pending' ? 'delivered if approved' : 'awaiting delivery';
    lines.push('', `Held answer (${released}):`, JSON.stringify(detail.heldAnswer, null, 2));
  }
  return `${printable(lines.join('\n'))}\n`;
}

/** `delivered to https://… (1 call)`, `waiting (kept until …)`, `failed after 5 calls: status 500`. */
function describeHold(
  hold: NonNullable<ReviewDetailView['review']['hold']>,
  time: (at: number) => string,
): string {
  const target = hold.callbackUrl === null ? 'for the caller to poll' : `to ${hold.callbackUrl}`;
  const calls = `${hold.attempts} call${hold.attempts === 1 ? '' : 's'}`;
  switch (hold.delivery) {
    case 'waiting':
      return `waiting for a decision, ${target}; kept until ${time(hold.expiresAt)}`;
    case 'delivered':
      return hold.callbackUrl === null ? 'delivered: the caller polled it' : `delivered ${target} (${calls})`;
    case 'failed':
      return `failed ${target} after ${calls}: ${hold.lastError ?? '?'}; kept until ${time(hold.expiresAt)}`;
    default:
      return `${hold.delivery} ${target}${hold.lastError === null ? '' : ` (last error: ${hold.lastError})`}`;
  }
}
