// Semantic cache lookups on /metrics: switchyard_semantic_lookups_total{route, outcome}, counted as
// each lookup ends (server/semantic-lookup.ts), so an operator can see why a semantic route serves
// little: its calibration still checking, prompts too long for the encoder, lookups over budget.
// And the index each embedder's thread holds, read at each scrape: entries, partitions, bytes and
// evictions by the cap, the figures to watch against the process's memory (about 0.4 KB resident
// per entry).

import { seriesRows } from './series-table.js';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SemanticStats } from '../cache/semantic/semantic-messages.js';
import type { SemanticLookupOutcome } from './semantic-outcomes.js';

export class SemanticMetrics {
  readonly #lookups: Counter<'route' | 'outcome'>;

  constructor(registry: Registry) {
    this.#lookups = new Counter({
      name: 'switchyard_semantic_lookups_total',
      help: 'Semantic cache lookups after an exact miss, by route and outcome (served, checked, far, gone, starting, timeout, busy, failed, too-long, empty, closed).',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    });
  }

  count(route: string, outcome: SemanticLookupOutcome): void {
    this.#lookups.inc({ route, outcome });
  }
}

/**
 * The running indexes, by embedder, read once per scrape: gauges of their size, and counters of
 * the entries they let go (a thread counts from its start; a restart is not a step back here). An
 * index that stopped leaves the gauges.
 */
export function registerSemanticIndexes(
  registry: Registry,
  indexes: () => Promise<SemanticStats[]>,
  onError: (error: Error) => void,
): void {
  const gauges = {
    entries: ['switchyard_semantic_index_entries', 'Prompts in the semantic cache index, by embedder.'],
    partitions: [
      'switchyard_semantic_index_partitions',
      'Partitions of the semantic cache index, by embedder.',
    ],
    bytes: [
      'switchyard_semantic_index_bytes',
      "The semantic cache index's own count of its bytes (vectors, sign bits, ids), by embedder.",
    ],
  } as const;
  const counters = {
    evicted: [
      'switchyard_semantic_index_evicted_total',
      'Entries the index evicted, oldest first, to stay within cache.semanticMaxBytes, by embedder.',
    ],
    removed: [
      'switchyard_semantic_index_removed_total',
      'Entries the index let go because their answers left the exact cache (evicted, expired, purged), by embedder.',
    ],
  } as const;
  let latest: Promise<SemanticStats[]> | undefined;
  const read = (): Promise<SemanticStats[]> => {
    // One read per scrape serves every metric, and a failed one is reported once.
    latest ??= indexes()
      .catch((error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)));
        return [];
      })
      .finally(() => setTimeout(() => (latest = undefined), 0).unref());
    return latest;
  };
  for (const { field, name, help } of seriesRows(gauges)) {
    new Gauge({
      name,
      help,
      labelNames: ['embedder'],
      registers: [registry],
      async collect() {
        const stats = await read();
        this.reset();
        for (const index of stats) this.set({ embedder: index.model }, index[field]);
      },
    });
  }
  for (const { field, name, help } of seriesRows(counters)) {
    /** The thread's own count at the last scrape, by embedder. */
    const seen = new Map<string, number>();
    new Counter({
      name,
      help,
      labelNames: ['embedder'],
      registers: [registry],
      async collect() {
        for (const index of await read()) {
          const count = index[field];
          const before = seen.get(index.model) ?? 0;
          // Lower than last time: a new thread counting from zero.
          const step = count >= before ? count - before : count;
          seen.set(index.model, count);
          if (step > 0) this.inc({ embedder: index.model }, step);
        }
      },
    });
  }
}
