// For tests and benchmarks only: what a fault-injecting upstream (fault-upstream.ts) does to each
// request, decided from a plan with a seeded random source, so a failing run can be replayed.
// Pure: no I/O, no clock of its own.

/** One way an upstream misbehaves. Chunk counts refer to the healthy stream's content chunks. */
export type Fault =
  /** An error answer; 429s may say when to come back, like OpenAI, Azure and Anthropic do. */
  | {
      kind: 'status';
      status: number;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      /** The error code in the body (`rate_limit_exceeded`, `insufficient_quota`, ...). */
      code?: string;
    }
  /** Accepts the request and never answers. */
  | { kind: 'hang-before-headers' }
  /** Closes the connection without any answer. */
  | { kind: 'reset-before-headers' }
  /** Streams `afterChunks` content chunks, then stays silent with the connection open. */
  | { kind: 'hang-mid-stream'; afterChunks: number }
  /** Streams `afterChunks` content chunks, then closes the connection abruptly. */
  | { kind: 'cut-mid-stream'; afterChunks: number }
  /** A 200 whose JSON body is broken (the stream variant: a `data:` line that is not JSON). */
  | { kind: 'malformed-json' }
  /** Streams `afterChunks` chunks, then text that is not server-sent events at all. */
  | { kind: 'malformed-sse'; afterChunks: number };

/** How long the upstream waits before its answer (or its first chunk) starts. */
export type Latency =
  | { kind: 'fixed'; ms: number }
  /**
   * Heavy-tailed: Pareto with minimum `minimumMs` and tail index `shape` (smaller is heavier;
   * below 2 the variance is infinite), capped at `capMs`. Median = minimum × 2^(1/shape).
   */
  | { kind: 'pareto'; minimumMs: number; shape: number; capMs?: number };

export interface FaultPlan {
  /** Each fault with the share of requests it hits; they add up to at most 1, the rest is healthy. */
  faults?: ReadonlyArray<{ fault: Fault; rate: number }>;
  latency?: Latency;
  /** Alternates healthy (`upMs`) and failing with `fault` (`downMs`), from the upstream's start. */
  flap?: { upMs: number; downMs: number; fault: Fault };
  /** Pause between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** Extra headers on every answer (rate-limit headers, say). */
  headers?: Record<string, string>;
}

/** Throws when a plan could never be what its author meant, so a test fails at its start. */
export function checkFaultPlan(plan: FaultPlan): void {
  let total = 0;
  for (const { rate } of plan.faults ?? []) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate ${rate} is not between 0 and 1`);
    total += rate;
  }
  if (total > 1 + 1e-9) throw new RangeError(`fault rates add up to ${total}, more than 1`);
  const latency = plan.latency;
  if (latency?.kind === 'fixed' && !(latency.ms >= 0)) throw new RangeError('fixed latency must be >= 0 ms');
  if (latency?.kind === 'pareto' && !(latency.minimumMs > 0 && latency.shape > 0)) {
    throw new RangeError('pareto latency needs minimumMs > 0 and shape > 0');
  }
  if (plan.flap !== undefined && !(plan.flap.upMs > 0 && plan.flap.downMs > 0)) {
    throw new RangeError('flap needs upMs > 0 and downMs > 0');
  }
}

/** A small seeded generator (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The fault for one request, or undefined for a healthy answer. `elapsedMs` since the upstream began. */
export function chooseFault(plan: FaultPlan, random: () => number, elapsedMs: number): Fault | undefined {
  const flap = plan.flap;
  if (flap !== undefined && elapsedMs % (flap.upMs + flap.downMs) >= flap.upMs) return flap.fault;
  const draw = random();
  let bound = 0;
  for (const { fault, rate } of plan.faults ?? []) {
    bound += rate;
    if (draw < bound) return fault;
  }
  return undefined;
}

/** Milliseconds to wait before answering, drawn from the plan's latency. */
export function sampleLatency(latency: Latency | undefined, random: () => number): number {
  if (latency === undefined) return 0;
  switch (latency.kind) {
    case 'fixed':
      return latency.ms;
    case 'pareto': {
      // Inverse transform: 1 - random() lies in (0, 1], so the power is finite.
      const value = latency.minimumMs / (1 - random()) ** (1 / latency.shape);
      return Math.min(value, latency.capMs ?? Number.POSITIVE_INFINITY);
    }
  }
}
