// One deployment's circuit breaker, in process: closed while the deployment answers; open (skipped
// without waiting) after too many failures in a rolling window or in a row; half-open after
// `openMs`, when a few probe requests decide between closed and open again. Pure state and a
// clock: no I/O, no timers (time is read when asked).

export interface BreakerOptions {
  /** Open when at least this share of the window's requests failed... */
  failureRate: number;
  /** ...and the window holds at least this many requests. */
  minimumRequests: number;
  /** Open after this many failures in a row, whatever the window says. */
  consecutiveFailures: number;
  /** The rolling window's length. */
  windowMs: number;
  /** How long an open breaker skips its deployment before letting probes through. */
  openMs: number;
  /** Requests let through at once while half-open. */
  halfOpenProbes: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The window is kept as this many buckets, so it slides in steps of windowMs / buckets. */
const buckets = 10;

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #openedAt = 0;
  /** How long the current open period lasts: options.openMs, or what another replica said. */
  #openFor = 0;
  #probesInFlight = 0;
  #inARow = 0;
  /** Per bucket: its start time, requests and failures. */
  readonly #starts = new Float64Array(buckets);
  readonly #requests = new Uint32Array(buckets);
  readonly #failures = new Uint32Array(buckets);
  #options: BreakerOptions;
  readonly #now: () => number;
  /** Told of every change of state (for metrics and logs). */
  onChange: ((state: BreakerState) => void) | undefined;

  constructor(options: BreakerOptions, now: () => number = Date.now) {
    this.#options = options;
    this.#now = now;
  }

  get state(): BreakerState {
    this.#advance();
    return this.#state;
  }

  /** New settings (a config reload); the state and the window's counts stay. */
  configure(options: BreakerOptions): void {
    this.#options = options;
  }

  /** Milliseconds until an open breaker lets a probe through; 0 when it is not open. */
  get retryInMs(): number {
    this.#advance();
    return this.#state === 'open' ? Math.max(0, this.#openedAt + this.#openFor - this.#now()) : 0;
  }

  /**
   * May a request go to this deployment now? While half-open this takes one of the probe slots:
   * the caller must then report the outcome (succeeded/failed) or release() it.
   */
  tryAcquire(): boolean {
    this.#advance();
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') return false;
    if (this.#probesInFlight >= this.#options.halfOpenProbes) return false;
    this.#probesInFlight++;
    return true;
  }

  succeeded(): void {
    this.#inARow = 0;
    if (this.#state === 'half-open') {
      this.#probesInFlight = Math.max(0, this.#probesInFlight - 1);
      this.#transition('closed');
      this.#clearWindow();
      return;
    }
    this.#count(false);
  }

  failed(): void {
    this.#inARow++;
    if (this.#state === 'half-open') {
      this.#probesInFlight = Math.max(0, this.#probesInFlight - 1);
      this.#open();
      return;
    }
    if (this.#state === 'open') return;
    this.#count(true);
    const { requests, failures } = this.#totals();
    const options = this.#options;
    if (
      this.#inARow >= options.consecutiveFailures ||
      (requests >= options.minimumRequests && failures >= options.failureRate * requests)
    ) {
      this.#open();
    }
  }

  /** A request that took a slot but ended without a verdict (the client went away). */
  release(): void {
    if (this.#state === 'half-open') this.#probesInFlight = Math.max(0, this.#probesInFlight - 1);
  }

  /**
   * Another replica opened this deployment's breaker: skip it here too for `forMs`, whatever this
   * replica's own counts say (an open breaker stays open; the longer period wins).
   */
  openFor(forMs: number): void {
    this.#advance();
    if (this.#state === 'open' && this.retryInMs >= forMs) return;
    this.#probesInFlight = 0;
    this.#openedAt = this.#now();
    this.#openFor = forMs;
    this.#transition('open');
  }

  /** Another replica's probe succeeded: the deployment answers again. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#probesInFlight = 0;
    this.#transition('closed');
    this.#clearWindow();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#openFor = this.#options.openMs;
    this.#transition('open');
  }

  #advance(): void {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#openFor) {
      this.#probesInFlight = 0;
      this.#transition('half-open');
    }
  }

  #transition(state: BreakerState): void {
    if (this.#state === state) return;
    this.#state = state;
    if (state !== 'half-open') this.#inARow = 0;
    this.onChange?.(state);
  }

  #count(failure: boolean): void {
    const now = this.#now();
    const width = this.#options.windowMs / buckets;
    const start = Math.floor(now / width) * width;
    const index = Math.floor(now / width) % buckets;
    if (this.#starts[index] !== start) {
      this.#starts[index] = start;
      this.#requests[index] = 0;
      this.#failures[index] = 0;
    }
    this.#requests[index]! += 1;
    if (failure) this.#failures[index]! += 1;
  }

  #totals(): { requests: number; failures: number } {
    const oldest = this.#now() - this.#options.windowMs;
    let requests = 0;
    let failures = 0;
    for (let index = 0; index < buckets; index++) {
      if (this.#starts[index]! <= oldest) continue;
      requests += this.#requests[index]!;
      failures += this.#failures[index]!;
    }
    return { requests, failures };
  }

  #clearWindow(): void {
    this.#requests.fill(0);
    this.#failures.fill(0);
  }
}

/** The router's defaults, published by the config schema (config/breaker-schema.ts). */
export const defaultBreakerOptions: BreakerOptions = {
  failureRate: 0.5,
  minimumRequests: 20,
  consecutiveFailures: 5,
  windowMs: 10_000,
  openMs: 5_000,
  halfOpenProbes: 1,
};
