// A large prompt's local checks in two threads at once: the injection checks, which only read, in
// one; the others (pii, which may rewrite the body) in the other; then their verdicts put back in
// the route's order, as one run would have given them. That holds because injection reads the
// texts as the run received them (local-checks.ts), not as an earlier check rewrote them. On a
// megabyte the two kinds take tens of milliseconds each; side by side the request waits for the
// slower one, not their sum.

import type { LocalInputCheck } from '../config/guardrails-schema.js';
import type { LocalChecksOutcome } from './local-checks.js';

export interface SplitChecks {
  /** The injection checks, in order. */
  reading: LocalInputCheck[];
  /** The others, in order. */
  rewriting: LocalInputCheck[];
}

/** The run's checks in two lists, or undefined when one of them would be empty. */
export function splitChecks(checks: readonly LocalInputCheck[]): SplitChecks | undefined {
  const reading = checks.filter((check) => check.check === 'injection');
  const rewriting = checks.filter((check) => check.check !== 'injection');
  return reading.length === 0 || rewriting.length === 0 ? undefined : { reading, rewriting };
}

/**
 * The outcome one run of `checks` would have had, from the outcomes of its two lists: verdicts
 * in the route's order up to the first check that blocked (whose refusal it is), the body and
 * redaction as the rewriting checks left them (a refused request's body is not used).
 */
export function mergeOutcomes(
  checks: readonly LocalInputCheck[],
  reading: LocalChecksOutcome,
  rewriting: LocalChecksOutcome,
): LocalChecksOutcome {
  const merged: LocalChecksOutcome = {
    body: rewriting.body,
    changed: rewriting.changed,
    redaction: rewriting.redaction,
    verdicts: [],
  };
  const next = { reading: 0, rewriting: 0 };
  for (const check of checks) {
    const side = check.check === 'injection' ? 'reading' : 'rewriting';
    const outcome = side === 'reading' ? reading : rewriting;
    const verdict = outcome.verdicts[next[side]++];
    // A list stops at the check that blocked; the merged run stopped there too.
    if (verdict === undefined) break;
    merged.verdicts.push(verdict);
    if (outcome.refusal !== undefined && next[side] === outcome.verdicts.length) {
      merged.refusal = outcome.refusal;
      break;
    }
  }
  return merged;
}
