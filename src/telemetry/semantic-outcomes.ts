// How a semantic cache lookup can end: the outcomes /metrics counts
// (switchyard_semantic_lookups_total) and a request's record keeps, with `calibrating` for a
// route that cannot serve by meaning yet. A list the request log's filter checks against, kept
// apart from the metrics so that reading it loads no metrics library.

export const semanticLookupOutcomes = [
  /** Answered from the cache by meaning. */
  'served',
  /** A neighbour close enough to judge: the request went upstream and the answers are compared. */
  'checked',
  /** No cached prompt as similar as the route's minimumScore. */
  'far',
  /** The nearest entries (up to three, within minimumScore) had all left the store. */
  'gone',
  /** The embedder's thread was still loading. */
  'starting',
  /** The lookup's own misses (semantic-thread.ts): over budget, queue full, error, prompt longer
   *  than the model reads, nothing to compare, shut down. */
  'timeout',
  'busy',
  'failed',
  'too-long',
  'empty',
  'closed',
] as const;

export type SemanticLookupOutcome = (typeof semanticLookupOutcomes)[number];

/** A record's `semantic.outcome`: a lookup's outcome, or `calibrating` while the route has too few verdicts. */
export type SemanticNoteOutcome = SemanticLookupOutcome | 'calibrating';

export const semanticNoteOutcomes = [
  ...semanticLookupOutcomes,
  'calibrating',
] as const satisfies readonly SemanticNoteOutcome[];
