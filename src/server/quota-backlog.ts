// Quota news a replica took but has not managed to send yet (the notifier was away), kept so a
// Redis blip delays the other replicas' counts instead of erasing them. Bounded by age: news over a
// minute old no longer matters to anyone's minute and is dropped.

import type { QuotaNews } from '../routing/deployment-quotas.js';

/** News older than this is dropped: quotas count the last minute. */
const keptMs = 60_000;

export class QuotaBacklog {
  readonly #entries: Array<{ news: QuotaNews; takenAt: number }> = [];

  add(news: QuotaNews, takenAt: number): void {
    this.#entries.push({ news, takenAt });
  }

  /**
   * Everything still under a minute old as one message: counts summed per deployment, short marks
   * shortened by their age (gone once over). Undefined when there is nothing to send.
   */
  pending(now: number): QuotaNews | undefined {
    while (this.#entries.length > 0 && now - this.#entries[0]!.takenAt >= keptMs) this.#entries.shift();
    if (this.#entries.length === 0) return undefined;
    const counts = new Map<string, { requests: number; tokens: number }>();
    const short = new Map<string, number>();
    for (const { news, takenAt } of this.#entries) {
      for (const { key, requests, tokens } of news.counts) {
        const sum = counts.get(key) ?? { requests: 0, tokens: 0 };
        counts.set(key, { requests: sum.requests + requests, tokens: sum.tokens + tokens });
      }
      for (const { key, forMs } of news.short) {
        const left = takenAt + forMs - now;
        if (left > 0) short.set(key, Math.max(left, short.get(key) ?? 0));
      }
    }
    return {
      counts: [...counts].map(([key, sum]) => ({ key, ...sum })),
      short: [...short].map(([key, forMs]) => ({ key, forMs })),
    };
  }

  /** The news pending() returned was sent. */
  clear(): void {
    this.#entries.length = 0;
  }
}
