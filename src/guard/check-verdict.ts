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
