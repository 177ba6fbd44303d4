// Which deployments are about to run out of quota: from what their answers said (remaining
// requests or tokens under a twentieth of the limit, or 0), from their 429s (with the wait the
// provider's error mapping read), and from the quotas the
// config declares (requests and tokens sent in the last minute within a twentieth of the
// limit). A short deployment goes to the end of a request's order (short-last.ts), so traffic
// leaves it before it starts answering 429s.

import { readRateLimits, type HeaderLookup } from './rate-limit-headers.js';

/** Under this share of its limit remaining, a deployment is short. */
const shortShare = 0.05;
/** When a short reading says nothing of its reset, or a 429 no Retry-After: this long. */
const defaultShortMs = 10_000;
/** Longest a reading may keep a deployment short (a reset of hours is a daily quota: leave it). */
const longestShortMs = 120_000;

/** A deployment's quotas as the config declares them. */
export interface DeploymentLimits {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

/** The last minute, in six buckets of ten seconds. */
const bucketMs = 10_000;
const buckets = 6;

interface MinuteUse {
  starts: Float64Array;
  requests: Float64Array;
  tokens: Float64Array;
}

export class DeploymentQuotas {
  readonly #shortUntil = new Map<string, number>();
  readonly #used = new Map<string, MinuteUse>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A 429 from the deployment: short for the wait it asked (`retryAfterMs`), or ten seconds. */
  rateLimited(key: string, retryAfterMs: number | undefined): void {
    const until = this.#now() + Math.min(retryAfterMs ?? defaultShortMs, longestShortMs);
    this.#shortUntil.set(key, Math.max(until, this.#shortUntil.get(key) ?? 0));
  }

  /** An answer's rate-limit headers (status: its HTTP status). */
  observe(key: string, status: number, header: HeaderLookup): void {
    const now = this.#now();
    let until = 0;
    for (const reading of readRateLimits(header, now)) {
      const short =
        reading.remaining === 0 ||
        (reading.limit !== undefined && reading.remaining < reading.limit * shortShare);
      if (short) until = Math.max(until, now + Math.min(reading.resetMs ?? defaultShortMs, longestShortMs));
    }
    if (until > now) this.#shortUntil.set(key, Math.max(until, this.#shortUntil.get(key) ?? 0));
    else if (status < 400) this.#shortUntil.delete(key);
  }

  /** A request sent to a deployment with declared limits. */
  countRequest(key: string): void {
    this.#bucket(key, (use, index) => (use.requests[index]! += 1));
  }

  /** Tokens (input and output) a finished request spent on a deployment. */
  countTokens(key: string, tokens: number): void {
    if (!(tokens > 0)) return;
    this.#bucket(key, (use, index) => (use.tokens[index]! += tokens));
  }

  isShort(key: string, limits?: DeploymentLimits): boolean {
    const until = this.#shortUntil.get(key);
    if (until !== undefined) {
      if (until > this.#now()) return true;
      this.#shortUntil.delete(key);
    }
    if (limits === undefined) return false;
    const { requests, tokens } = this.lastMinute(key);
    const near = (used: number, limit: number | undefined) =>
      limit !== undefined && used >= limit * (1 - shortShare);
    return near(requests, limits.requestsPerMinute) || near(tokens, limits.tokensPerMinute);
  }

  /** Requests and tokens counted for the deployment over the last minute. */
  lastMinute(key: string): { requests: number; tokens: number } {
    const use = this.#used.get(key);
    let requests = 0;
    let tokens = 0;
    if (use === undefined) return { requests, tokens };
    const oldest = this.#now() - buckets * bucketMs;
    for (let index = 0; index < buckets; index++) {
      if (use.starts[index]! <= oldest) continue;
      requests += use.requests[index]!;
      tokens += use.tokens[index]!;
    }
    return { requests, tokens };
  }

  #bucket(key: string, add: (use: MinuteUse, index: number) => void): void {
    let use = this.#used.get(key);
    if (use === undefined) {
      use = {
        starts: new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY),
        requests: new Float64Array(buckets),
        tokens: new Float64Array(buckets),
      };
      this.#used.set(key, use);
    }
    const slot = Math.floor(this.#now() / bucketMs);
    const index = slot % buckets;
    if (use.starts[index] !== slot * bucketMs) {
      use.starts[index] = slot * bucketMs;
      use.requests[index] = 0;
      use.tokens[index] = 0;
    }
    add(use, index);
  }
}
