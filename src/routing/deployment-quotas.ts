// Which deployments are about to run out of quota, from what their answers said: a deployment
// whose remaining requests or tokens fell under a twentieth of its limit (or to 0), or that
// answered 429, is "short" until its quota refills. The balancer moves short deployments to the
// end of a request's order, so traffic leaves a deployment before it starts answering 429s.

import { readRateLimits, retryAfterMs, type HeaderLookup } from './rate-limit-headers.js';

/** Under this share of its limit remaining, a deployment is short. */
const shortShare = 0.05;
/** When a short reading says nothing of its reset, or a 429 no Retry-After: this long. */
const defaultShortMs = 10_000;
/** Longest a reading may keep a deployment short (a reset of hours is a daily quota: leave it). */
const longestShortMs = 120_000;

export class DeploymentQuotas {
  readonly #shortUntil = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** An answer's headers (status: its HTTP status). */
  observe(key: string, status: number, header: HeaderLookup): void {
    const now = this.#now();
    let until = 0;
    if (status === 429) until = now + Math.min(retryAfterMs(header, now) ?? defaultShortMs, longestShortMs);
    for (const reading of readRateLimits(header, now)) {
      const short =
        reading.remaining === 0 ||
        (reading.limit !== undefined && reading.remaining < reading.limit * shortShare);
      if (short) until = Math.max(until, now + Math.min(reading.resetMs ?? defaultShortMs, longestShortMs));
    }
    if (until > now) this.#shortUntil.set(key, Math.max(until, this.#shortUntil.get(key) ?? 0));
    else if (status < 400) this.#shortUntil.delete(key);
  }

  isShort(key: string): boolean {
    const until = this.#shortUntil.get(key);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#shortUntil.delete(key);
    return false;
  }
}
