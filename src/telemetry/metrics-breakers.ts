// Prometheus series of the circuit breakers (routing/circuit-breakers.ts): each deployment's
// state read at scrape time, and counters of state changes and of requests that skipped an open
// deployment. Plain data in, so telemetry never imports the router.

import { Counter, Gauge, type Registry } from 'prom-client';

export type BreakerStateName = 'closed' | 'half-open' | 'open';

export interface BreakerFigures {
  provider: string;
  model: string;
  state: BreakerStateName;
}

/** The gauge's value per state: 0 closed, 1 half-open, 2 open (alert on > 0). */
const stateValue: Record<BreakerStateName, number> = { closed: 0, 'half-open': 1, open: 2 };

export class BreakerMetrics {
  readonly #transitions: Counter<'provider' | 'model' | 'state'>;
  readonly #skips: Counter<'provider' | 'model'>;

  constructor(registry: Registry, states: () => BreakerFigures[]) {
    new Gauge({
      name: 'switchyard_circuit_breaker_state',
      help: 'Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open.',
      labelNames: ['provider', 'model'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { provider, model, state } of states()) this.set({ provider, model }, stateValue[state]);
      },
    });
    this.#transitions = new Counter({
      name: 'switchyard_circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes per deployment, by the state entered.',
      labelNames: ['provider', 'model', 'state'],
      registers: [registry],
    });
    this.#skips = new Counter({
      name: 'switchyard_circuit_breaker_skips_total',
      help: 'Requests that skipped a deployment because its circuit breaker was open.',
      labelNames: ['provider', 'model'],
      registers: [registry],
    });
  }

  changed(provider: string, model: string, state: BreakerStateName): void {
    this.#transitions.inc({ provider, model, state });
  }

  skipped(provider: string, model: string): void {
    this.#skips.inc({ provider, model });
  }
}
