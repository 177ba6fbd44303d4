// Semantic cache lookups on /metrics: switchyard_semantic_lookups_total{route, outcome}, counted as
// each lookup ends (server/semantic-lookup.ts), so an operator can see why a semantic route serves
// little: its calibration still checking, prompts too long for the encoder, lookups over budget.

import { Counter, type Registry } from 'prom-client';

export const semanticLookupOutcomes = [
  /** Answered from the cache by meaning. */
  'served',
  /** A neighbour close enough to judge: the request went upstream and the answers are compared. */
  'checked',
  /** No cached prompt as similar as the route's minimumScore. */
  'far',
  /** The nearest entry had left the store. */
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

export class SemanticMetrics {
  readonly #lookups: Counter<'route' | 'outcome'>;

  constructor(registry: Registry) {
    this.#lookups = new Counter({
      name: 'switchyard_semantic_lookups_total',
      help: 'Semantic cache lookups after an exact miss, by route and outcome (served, checked, far, gone, starting, timeout, busy, failed, too-long, empty, closed).',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    });
  }

  count(route: string, outcome: SemanticLookupOutcome): void {
    this.#lookups.inc({ route, outcome });
  }
}
