// When one attempt must end: at its target's total timeout from now, or at the request's
// deadline if that comes first.

import type { ResolvedTarget } from '../config/resolve-model.js';

export function attemptDeadline(requestDeadline: number, target: ResolvedTarget, now = Date.now()): number {
  return Math.min(requestDeadline, now + target.timeouts.totalMs);
}
