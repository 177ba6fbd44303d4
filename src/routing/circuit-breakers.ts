// Every deployment's circuit breaker in this process, created on first use and kept across config
// reloads (new settings apply to the breaker's existing state). A deployment is a provider entry
// and an upstream model: two routes that send to the same one share its breaker.

import { deploymentKey } from './deployment-stats.js';
import {
  CircuitBreaker,
  defaultBreakerOptions,
  type BreakerOptions,
  type BreakerState,
} from './circuit-breaker.js';

export interface Deployment {
  provider: string;
  model: string;
}

export interface BreakerView extends Deployment {
  state: BreakerState;
}

/** A breaker's change of state; origin local: this replica's counts decided, remote: apply(). */
export interface BreakerChange {
  deployment: Deployment;
  state: BreakerState;
  origin: 'local' | 'remote';
  /** For `open`: how long it stays open. */
  openForMs: number;
}

export class CircuitBreakers {
  readonly #breakers = new Map<
    string,
    { deployment: Deployment; breaker: CircuitBreaker; options: BreakerOptions }
  >();
  readonly #now: () => number;
  readonly #onChange: (change: BreakerChange) => void;
  #applying = false;

  constructor(
    options: {
      now?: () => number;
      onChange?: (change: BreakerChange) => void;
    } = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange ?? (() => undefined);
  }

  /** The deployment's breaker under these settings. */
  for(deployment: Deployment, options: BreakerOptions): CircuitBreaker {
    return this.forKey(
      deploymentKey(deployment.provider, deployment.model),
      options,
      deployment.provider,
      deployment.model,
    );
  }

  /** The same, for a caller that keeps the deployment's key (deploymentKey()): no allocation when known. */
  forKey(key: string, options: BreakerOptions, provider: string, model: string): CircuitBreaker {
    const known = this.#breakers.get(key);
    if (known !== undefined) {
      if (known.options !== options) {
        known.breaker.configure(options);
        known.options = options;
      }
      return known.breaker;
    }
    const breaker = new CircuitBreaker(options, this.#now);
    const copy = { provider, model };
    breaker.onChange = (state) =>
      this.#onChange({
        deployment: copy,
        state,
        origin: this.#applying ? 'remote' : 'local',
        openForMs: breaker.retryInMs,
      });
    this.#breakers.set(key, { deployment: copy, breaker, options });
    return breaker;
  }

  /**
   * What another replica decided: open for `forMs`, or closed. A deployment this replica has not
   * used yet gets a breaker with the default settings; its route's settings apply on first use.
   */
  apply(deployment: Deployment, state: 'open' | 'closed', forMs: number): void {
    const key = deploymentKey(deployment.provider, deployment.model);
    const breaker = this.#breakers.get(key)?.breaker ?? this.for(deployment, defaultBreakerOptions);
    this.#applying = true;
    try {
      if (state === 'open') breaker.openFor(forMs);
      else breaker.close();
    } finally {
      this.#applying = false;
    }
  }

  /** Every breaker's current state, for /metrics. */
  states(): BreakerView[] {
    return [...this.#breakers.values()].map(({ deployment, breaker }) => ({
      ...deployment,
      state: breaker.state,
    }));
  }
}
