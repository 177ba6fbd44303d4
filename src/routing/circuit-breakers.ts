// Every deployment's circuit breaker in this process, created on first use and kept across config
// reloads (new settings apply to the breaker's existing state). A deployment is a provider entry
// and an upstream model: two routes that send to the same one share its breaker.

import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';

export interface Deployment {
  provider: string;
  model: string;
}

export interface BreakerView extends Deployment {
  state: BreakerState;
}

export class CircuitBreakers {
  readonly #breakers = new Map<
    string,
    { deployment: Deployment; breaker: CircuitBreaker; options: BreakerOptions }
  >();
  readonly #now: () => number;
  readonly #onChange: (deployment: Deployment, state: BreakerState) => void;

  constructor(
    options: { now?: () => number; onChange?: (deployment: Deployment, state: BreakerState) => void } = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange ?? (() => undefined);
  }

  /** The deployment's breaker under these settings. */
  for(deployment: Deployment, options: BreakerOptions): CircuitBreaker {
    const key = `${deployment.provider}\n${deployment.model}`;
    const known = this.#breakers.get(key);
    if (known !== undefined) {
      if (known.options !== options) {
        known.breaker.configure(options);
        known.options = options;
      }
      return known.breaker;
    }
    const breaker = new CircuitBreaker(options, this.#now);
    const copy = { provider: deployment.provider, model: deployment.model };
    breaker.onChange = (state) => this.#onChange(copy, state);
    this.#breakers.set(key, { deployment: copy, breaker, options });
    return breaker;
  }

  /** Every breaker's current state, for /metrics. */
  states(): BreakerView[] {
    return [...this.#breakers.values()].map(({ deployment, breaker }) => ({
      ...deployment,
      state: breaker.state,
    }));
  }
}
