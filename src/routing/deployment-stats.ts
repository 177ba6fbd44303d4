// What the balancer knows of each deployment in this process: requests in flight, and a moving
// average of how long its attempts took (to the first content for streams, to the whole answer
// otherwise). A failure counts as slow, so a deployment that fails fast never looks fast.

/** Weight of the newest sample in the moving average. */
const smoothing = 0.2;

/** Recent successful attempt times kept per deployment, for its p95. */
const recentSize = 64;

export interface DeploymentLoad {
  inFlight: number;
  /** Moving average of attempt latency in ms; undefined until the first sample. */
  latencyMs: number | undefined;
  /** The last `recentSize` successful attempt times (a ring), and how many were ever taken. */
  recent: Float64Array;
  samples: number;
}

export class DeploymentStats {
  readonly #loads = new Map<string, DeploymentLoad>();

  /** The live figures of one deployment (created at zero on first use). */
  of(key: string): DeploymentLoad {
    let load = this.#loads.get(key);
    if (load === undefined) {
      load = { inFlight: 0, latencyMs: undefined, recent: new Float64Array(recentSize), samples: 0 };
      this.#loads.set(key, load);
    }
    return load;
  }

  started(key: string): void {
    this.of(key).inFlight++;
  }

  /** `failed`: the sample is stretched to at least twice the average, and never below the elapsed time. */
  ended(key: string, elapsedMs: number, failed: boolean, stillOpen = false): void {
    const load = this.of(key);
    // A stream that answered is still being relayed: it stays in flight until abandoned() closes it.
    if (!stillOpen) load.inFlight = Math.max(0, load.inFlight - 1);
    const sample = failed ? Math.max(elapsedMs, 2 * (load.latencyMs ?? elapsedMs)) : elapsedMs;
    load.latencyMs =
      load.latencyMs === undefined ? sample : load.latencyMs + smoothing * (sample - load.latencyMs);
    if (!failed) {
      load.recent[load.samples % recentSize] = elapsedMs;
      load.samples++;
    }
  }

  /**
   * The 95th percentile of the deployment's recent successful attempt times (ms), or undefined
   * with fewer than `minimum` samples. Sorts at most 64 numbers: for decisions, not every request.
   */
  p95(key: string, minimum = 5): number | undefined {
    const load = this.#loads.get(key);
    if (load === undefined || load.samples < minimum) return undefined;
    const count = Math.min(load.samples, recentSize);
    const sorted = Array.from(load.recent.subarray(0, count)).sort((left, right) => left - right);
    return sorted[Math.min(count - 1, Math.ceil(0.95 * count) - 1)];
  }

  /** Ended without a verdict (the client left), or a stream kept open by ended() ended: only the in-flight count changes. */
  abandoned(key: string): void {
    const load = this.of(key);
    load.inFlight = Math.max(0, load.inFlight - 1);
  }
}

/** The key of a deployment: a provider entry and an upstream model. */
export function deploymentKey(provider: string, model: string): string {
  return `${provider}\n${model}`;
}

/** A target's deployment key: kept on targets with a fixed model, built for the others. */
export function targetKey(target: {
  settings: { name: string };
  upstreamModel: string;
  deployment?: string | undefined;
}): string {
  return target.deployment ?? deploymentKey(target.settings.name, target.upstreamModel);
}
