// What the balancer knows of each deployment in this process: requests in flight, and a moving
// average of how long its attempts took (to the first content for streams, to the whole answer
// otherwise). A failure counts as slow, so a deployment that fails fast never looks fast.

/** Weight of the newest sample in the moving average. */
const smoothing = 0.2;

export interface DeploymentLoad {
  inFlight: number;
  /** Moving average of attempt latency in ms; undefined until the first sample. */
  latencyMs: number | undefined;
}

export class DeploymentStats {
  readonly #loads = new Map<string, DeploymentLoad>();

  /** The live figures of one deployment (created at zero on first use). */
  of(key: string): DeploymentLoad {
    let load = this.#loads.get(key);
    if (load === undefined) {
      load = { inFlight: 0, latencyMs: undefined };
      this.#loads.set(key, load);
    }
    return load;
  }

  started(key: string): void {
    this.of(key).inFlight++;
  }

  /** `failed`: the sample is stretched to at least twice the average, and never below the elapsed time. */
  ended(key: string, elapsedMs: number, failed: boolean): void {
    const load = this.of(key);
    load.inFlight = Math.max(0, load.inFlight - 1);
    const sample = failed ? Math.max(elapsedMs, 2 * (load.latencyMs ?? elapsedMs)) : elapsedMs;
    load.latencyMs =
      load.latencyMs === undefined ? sample : load.latencyMs + smoothing * (sample - load.latencyMs);
  }

  /** Ended without a verdict (the client left): only the in-flight count changes. */
  abandoned(key: string): void {
    const load = this.of(key);
    load.inFlight = Math.max(0, load.inFlight - 1);
  }
}

/** The key of a deployment: a provider entry and an upstream model. */
export function deploymentKey(provider: string, model: string): string {
  return `${provider}\n${model}`;
}
