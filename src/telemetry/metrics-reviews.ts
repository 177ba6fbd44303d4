// The review queue's backlog on /metrics: switchyard_reviews_pending, read from the store at each
// scrape (one indexed count), so every replica reports the shared queue. A failed read leaves the
// last value and is reported, never thrown into the scrape.

import { Gauge, type Registry } from 'prom-client';

export function registerReviewMetrics(
  registry: Registry,
  pending: () => Promise<number>,
  onError: (error: Error) => void,
): void {
  new Gauge({
    name: 'switchyard_reviews_pending',
    help: 'Flagged requests waiting for a human decision (every organisation).',
    registers: [registry],
    async collect() {
      try {
        this.set(await pending());
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
}
