// Held answers on /metrics: switchyard_held_answers_total{route}, counted from finished records,
// and switchyard_hold_deliveries_total{outcome}, counted by the delivery of reviewers' decisions
// (server/deliver-decision.ts): delivered, retried (a call that failed and will be tried again),
// failed (every call failed), expired (kept past its time before it could be delivered).

import { Counter, type Registry } from 'prom-client';
import type { RequestRecord } from './request-record.js';

export const deliveryOutcomes = ['delivered', 'retried', 'failed', 'expired'] as const;

export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

export class HoldMetrics {
  readonly #held: Counter<'route'>;
  readonly #deliveries: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.#held = new Counter({
      name: 'switchyard_held_answers_total',
      help: 'Answers an output check held for review instead of returning them, by route.',
      labelNames: ['route'],
      registers: [registry],
    });
    this.#deliveries = new Counter({
      name: 'switchyard_hold_deliveries_total',
      help: "Calls delivering reviewers' decisions on held answers to their callbacks, by outcome (delivered, retried, failed, expired).",
      labelNames: ['outcome'],
      registers: [registry],
    });
    // Every outcome shows from the start, at zero, so an alert on failed has a series to read.
    for (const outcome of deliveryOutcomes) this.#deliveries.inc({ outcome }, 0);
  }

  observe(record: RequestRecord): void {
    if (record.hold !== undefined) this.#held.inc({ route: record.route ?? 'none' });
  }

  countDelivery(outcome: DeliveryOutcome): void {
    this.#deliveries.inc({ outcome });
  }
}
