// Admission control at the edge: a cap on requests in flight with a bounded wait in a queue, and
// load shedding while the event loop lags (answering 503 fast beats answering everything late).

import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { GatewayError } from '../errors.js';

export interface AdmissionOptions {
  maxInFlight: number;
  queueTimeoutMs: number;
  /** Shed load while the event loop's recent p99 delay exceeds this. */
  maxEventLoopLagMs: number;
}

const probeMs = 20;
const windowMs = 500;

interface Waiter {
  resolve: () => void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private readonly histogram: RecordableHistogram = createHistogram();
  private lagMs = 0;
  private readonly probe: NodeJS.Timeout;
  private readonly sampler: NodeJS.Timeout;

  /** `options`: fixed, or read at each request (the live config's, so a reload applies at once). */
  constructor(private readonly options: AdmissionOptions | (() => AdmissionOptions)) {
    // Our own probe, not monitorEventLoopDelay: that one forgets its last tick on reset(), so a
    // stall that began just after a window was sampled went unmeasured, however long it lasted.
    let last = performance.now();
    this.probe = setInterval(() => {
      const now = performance.now();
      this.histogram.record(Math.max(1, Math.round((now - last - probeMs) * 1e6)));
      last = now;
    }, probeMs);
    this.probe.unref();
    this.sampler = setInterval(() => {
      this.lagMs = this.histogram.count === 0 ? 0 : this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
    }, windowMs);
    this.sampler.unref();
  }

  private get settings(): AdmissionOptions {
    return typeof this.options === 'function' ? this.options() : this.options;
  }

  get active(): number {
    return this.inFlight;
  }

  get lag(): number {
    return this.lagMs;
  }

  /** Throws `unavailable` (503 + Retry-After) while the event loop lags: before any work is done. */
  shed(): void {
    if (this.lagMs > this.settings.maxEventLoopLagMs) {
      throw new GatewayError('unavailable', 'The gateway is overloaded; retry shortly.', {
        retryAfterSeconds: 1,
      });
    }
  }

  /** `work` in a slot, waiting for one first (see enter). */
  async run(work: () => Promise<void>): Promise<void> {
    await this.enter();
    try {
      await work();
    } finally {
      this.leave();
    }
  }

  /** Wait for a slot; throws `unavailable` (503 + Retry-After) when shedding or when the wait times out. */
  async enter(): Promise<void> {
    this.shed();
    if (this.inFlight < this.settings.maxInFlight) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(
            new GatewayError('unavailable', 'Too many requests in flight; retry shortly.', {
              retryAfterSeconds: 1,
            }),
          );
        }, this.settings.queueTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  leave(): void {
    const next = this.queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes straight to the waiter
      return;
    }
    // A stray extra leave() must not lift the cap for everyone after it.
    if (this.inFlight > 0) this.inFlight--;
  }

  close(): void {
    clearInterval(this.probe);
    clearInterval(this.sampler);
  }
}
