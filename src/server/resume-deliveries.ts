// Deliveries a stopped gateway left unfinished: a hold stays `sending` when the gateway that was
// calling its callback stops between attempts (a deploy, a crash). Every replica sweeps once at
// start and every minute for holds no delivery step has touched for longer than a live delivery
// ever waits, claims each by its updatedAt (of two replicas sweeping at once, one wins) and
// delivers it again from its attempt count. The receiver may see a decision twice (the gateway
// stopped after the POST, before noting it): deliveries are at least once; the id deduplicates.

import { deliverDecision, deliveryDefaults } from './deliver-decision.js';
import type { Gateway } from './gateway.js';

/**
 * Takes over the deliveries a stopped gateway left in `sending` (each claimed by its updatedAt,
 * so of two replicas sweeping at once only one resumes it); how many it resumed.
 */
export async function resumeStaleDeliveries(gateway: Gateway, limit = 100): Promise<number> {
  const reviews = gateway.reviewStore;
  if (reviews === undefined) return 0;
  const policy = { ...deliveryDefaults, ...gateway.holdDelivery };
  const stale = await reviews.staleDeliveries(Date.now() - policy.resumeAfterMs, limit);
  let resumed = 0;
  for (const item of stale) {
    const { id, organizationId, attempts, lastError, updatedAt } = item;
    const claimed = await reviews.noteDelivery({
      id,
      organizationId,
      from: ['sending'],
      delivery: 'sending',
      attempts,
      lastError,
      forgetAnswer: false,
      ifUpdatedAt: updatedAt,
    });
    const review = claimed ? await reviews.get(id, organizationId) : undefined;
    if (review === undefined) continue;
    resumed += 1;
    void deliverDecision(gateway, review);
  }
  return resumed;
}

/** Sweeps at once and then every `everyMs`; returns the function that stops it. */
export function resumeDeliveriesEvery(
  gateway: Gateway,
  log: (line: string) => void,
  everyMs = 60_000,
): () => void {
  if (gateway.reviewStore === undefined) return () => {};
  const sweep = (): void => {
    resumeStaleDeliveries(gateway)
      .then((resumed) => {
        if (resumed > 0)
          log(`Resumed ${resumed} review ${resumed === 1 ? 'delivery' : 'deliveries'} left unfinished.`);
      })
      .catch((error: unknown) =>
        log(`switchyard warn: could not resume review deliveries: ${String(error)}`),
      );
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
