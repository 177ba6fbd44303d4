// One guardrail check's verdict, as the request record keeps it (telemetry's GuardrailVerdict is
// this type): which check, at which stage, what it did, its score, what it found by type and count
// (never the values), why an external check could not decide, and how long it took.

export interface CheckVerdict {
  check: string;
  stage: 'input' | 'output';
  /** What the check did: allow (nothing found), or the route's action on what it found. */
  action: 'allow' | 'block' | 'redact' | 'mask' | 'retry' | 'hold' | 'flag' | 'log';
  /** The check's score: for pii, the highest confidence of what it found. */
  score?: number;
  /** What it found, by type and count (never the values): e.g. { email: 2, card: 1 }. */
  found?: Record<string, number>;
  /** Why an external check could not decide (timeout, its answer); its failure policy then applied. */
  error?: string;
  latencyMs: number;
}

/**
 * A local check's verdict from what it found: `allow` when nothing, else the route's action, with
 * what was found and the highest score. `scoreAlways` keeps the score when nothing was found (an
 * injection check's score says how close the text came).
 */
export function foundVerdict(
  check: { check: string; action: CheckVerdict['action'] },
  stage: CheckVerdict['stage'],
  found: Record<string, number>,
  score: number,
  started: number,
  scoreAlways = false,
): CheckVerdict {
  const any = Object.keys(found).length > 0;
  const verdict: CheckVerdict = {
    check: check.check,
    stage,
    action: any ? check.action : 'allow',
    latencyMs: Number((performance.now() - started).toFixed(3)),
  };
  if (any || scoreAlways) verdict.score = Number(score.toFixed(3));
  if (any) verdict.found = found;
  return verdict;
}
