// What the balancer knows of each deployment in this process: requests in flight, a moving
// average of how long its successful attempts took (to the first content for streams, to the
// whole answer otherwise), and a moving failure rate. A failure never feeds the time: it raises
// the rate, and expectedLatencyMs() divides by the success rate, so a deployment that fails fast
// never looks fast. The rate fades with time (halving every 10 s), so a deployment the balancer
// stopped choosing because it failed is chosen again, and measured afresh, once it has rested.

/** Weight of the newest sample in the moving averages. */
const smoothing = 0.2;

/** The failure rate halves every this many ms without a new attempt. */
export const failureHalfLifeMs = 10_000;

/** Below this failure rate, a deployment that has never answered counts as never tried. */
const restedRate = 0.1;

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
  /** Moving average of failures (1) and successes (0) as of `failureRateAt`: 0 until the first failure. */
  failureRate: number;
  /** When `failureRate` was last updated (the clock's ms); it fades from then on. */
  failureRateAt: number;
  /** The last `recentSize` successful attempt times (a ring), and how many were ever taken. */
  recent: Float64Array;
  samples: number;
}

export class DeploymentStats {
  readonly #loads = new Map<string, DeploymentLoad>();
  /** Milliseconds, monotonic: performance.now() unless a test passes another. */
  readonly #clock: () => number;

  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock;
  }

  /** The live figures of one deployment (created at zero on first use). */
  of(key: string): DeploymentLoad {
    let load = this.#loads.get(key);
    if (load === undefined) {
      load = {
        inFlight: 0,
        latencyMs: undefined,
        failureRate: 0,
        failureRateAt: 0,
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
    if (failed === 1 || load.failureRate > 0) {
      const now = this.#clock();
      const rate = fadedRate(load, now);
      load.failureRate = rate + smoothing * (failed - rate);
      load.failureRateAt = now;
    }
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

  /**
   * The time the balancer ranks a deployment by: its successful attempts' average over its
   * success rate, as if every failure cost one more answer elsewhere. 0 when never measured (so
   * it gets tried), and again once a deployment that failed and never answered has rested;
   * infinite until then.
   */
  expectedLatencyMs(load: DeploymentLoad): number {
    const rate = load.failureRate > 0 ? fadedRate(load, this.#clock()) : 0;
    if (load.latencyMs === undefined) return rate >= restedRate ? Number.POSITIVE_INFINITY : 0;
    return rate < 1 ? load.latencyMs / (1 - rate) : Number.POSITIVE_INFINITY;
  }
}

/** The failure rate as of `now`: halved for every half-life since it was last updated. */
function fadedRate(load: DeploymentLoad, now: number): number {
  return load.failureRate * 2 ** (-(now - load.failureRateAt) / failureHalfLifeMs);
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
