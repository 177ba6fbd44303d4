// What the balancer knows of each deployment in this process: requests in flight, a moving
// average of how long its successful attempts took (to the first content for streams, to the
// whole answer otherwise), and a moving failure rate. A failure never feeds the time: it raises
// the rate, and expectedLatencyMs() divides by the success rate, so a deployment that fails fast
// never looks fast.

/** Weight of the newest sample in the moving averages. */
const smoothing = 0.2;

/** Recent successful attempt times kept per deployment, for its p95. */
const recentSize = 64;

/**
 * How an attempt ended, for the figures. success: a good answer (its time is a sample); failure:
 * the deployment failed (its rate rises, its time says nothing); refused: an error answer that is
 * not the deployment's failure (a 4xx, a 429): neither, as it took no work to send.
 */
export type AttemptResult = 'success' | 'failure' | 'refused';

export interface DeploymentLoad {
  inFlight: number;
  /** Moving average of successful attempt times in ms; undefined until the first success. */
  latencyMs: number | undefined;
  /** Moving average of failures (1) and successes (0): 0 until the first failure. */
  failureRate: number;
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
      load = {
        inFlight: 0,
        latencyMs: undefined,
        failureRate: 0,
        recent: new Float64Array(recentSize),
        samples: 0,
      };
      this.#loads.set(key, load);
    }
    return load;
  }

  started(key: string): void {
    this.of(key).inFlight++;
  }

  /** `stillOpen`: a stream that answered is still being relayed, in flight until abandoned(). */
  ended(key: string, elapsedMs: number, result: AttemptResult, stillOpen = false): void {
    const load = this.of(key);
    if (!stillOpen) load.inFlight = Math.max(0, load.inFlight - 1);
    if (result === 'refused') return;
    const failed = result === 'failure' ? 1 : 0;
    load.failureRate += smoothing * (failed - load.failureRate);
    if (failed === 1) return;
    load.latencyMs =
      load.latencyMs === undefined ? elapsedMs : load.latencyMs + smoothing * (elapsedMs - load.latencyMs);
    load.recent[load.samples % recentSize] = elapsedMs;
    load.samples++;
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

/**
 * The time the balancer ranks a deployment by: its successful attempts' average over its
 * success rate, as if every failure cost one more answer elsewhere. 0 when never measured (so it
 * gets tried); infinite when it has failed and never answered.
 */
export function expectedLatencyMs(load: DeploymentLoad): number {
  if (load.latencyMs === undefined) return load.failureRate > 0 ? Number.POSITIVE_INFINITY : 0;
  const successRate = 1 - load.failureRate;
  return successRate > 0 ? load.latencyMs / successRate : Number.POSITIVE_INFINITY;
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
