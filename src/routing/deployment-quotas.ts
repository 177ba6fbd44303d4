// Which deployments are about to run out of quota: from what their answers said (remaining
// requests or tokens under a twentieth of the limit, or 0), from their 429s (with the wait the
// provider's error mapping read), and from the quotas the
// config declares (requests and tokens sent in the last minute within a twentieth of the
// limit). A short deployment goes to the end of a request's order (short-last.ts), so traffic
// leaves it before it starts answering 429s. Counts and short marks are also kept as news for
// the other replicas (server/share-quotas.ts sends them each second), so N replicas count one minute.

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

/** Counts and short marks one replica took since it last told the others (share-quotas.ts). */
export interface QuotaNews {
  counts: Array<{ key: string; requests: number; tokens: number }>;
  /** Deployments that answered 429, and for how long from now they stay short. */
  short: Array<{ key: string; forMs: number }>;
}

interface MinuteUse {
  starts: Float64Array;
  requests: Float64Array;
  tokens: Float64Array;
}

export class DeploymentQuotas {
  readonly #shortUntil = new Map<string, number>();
  readonly #used = new Map<string, MinuteUse>();
  readonly #now: () => number;
  readonly #unsharedCounts = new Map<string, { requests: number; tokens: number }>();
  readonly #unsharedShort = new Map<string, number>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A 429 from the deployment: short for the wait it asked (`retryAfterMs`), or ten seconds. */
  rateLimited(key: string, retryAfterMs: number | undefined): void {
    const until = this.#now() + Math.min(retryAfterMs ?? defaultShortMs, longestShortMs);
    this.#markShort(key, until, true);
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
    if (until > now) this.#markShort(key, until, true);
    else if (status < 400) this.#shortUntil.delete(key);
  }

  /** A request sent to a deployment with declared limits. */
  countRequest(key: string): void {
    this.#bucket(key, 1, 0);
    this.#unshared(key).requests += 1;
  }

  /** Tokens (input and output) a finished request spent on a deployment. */
  countTokens(key: string, tokens: number): void {
    if (!(tokens > 0)) return;
    this.#bucket(key, 0, tokens);
    this.#unshared(key).tokens += tokens;
  }

  /** What this replica counted and saw since the last call, for the other replicas; then forgotten. */
  takeNews(): QuotaNews | undefined {
    if (this.#unsharedCounts.size === 0 && this.#unsharedShort.size === 0) return undefined;
    const now = this.#now();
    const news: QuotaNews = {
      counts: [...this.#unsharedCounts].map(([key, use]) => ({ key, ...use })),
      short: [...this.#unsharedShort]
        .filter(([, until]) => until > now)
        .map(([key, until]) => ({ key, forMs: until - now })),
    };
    this.#unsharedCounts.clear();
    this.#unsharedShort.clear();
    return news;
  }

  /** Another replica's news: its requests and tokens join this minute's, its 429s mark deployments short. */
  absorb(news: QuotaNews): void {
    for (const { key, requests, tokens } of news.counts) this.#bucket(key, requests, tokens);
    const now = this.#now();
    for (const { key, forMs } of news.short)
      this.#markShort(key, now + Math.min(forMs, longestShortMs), false);
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

  /** Short until `until`; `share`: this replica's own finding, for the others too. */
  #markShort(key: string, until: number, share: boolean): void {
    this.#shortUntil.set(key, Math.max(until, this.#shortUntil.get(key) ?? 0));
    if (share) this.#unsharedShort.set(key, Math.max(until, this.#unsharedShort.get(key) ?? 0));
  }

  #unshared(key: string): { requests: number; tokens: number } {
    let counts = this.#unsharedCounts.get(key);
    if (counts === undefined) {
      counts = { requests: 0, tokens: 0 };
      this.#unsharedCounts.set(key, counts);
    }
    return counts;
  }

  #bucket(key: string, requests: number, tokens: number): void {
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
    use.requests[index]! += requests;
    use.tokens[index]! += tokens;
  }
}
