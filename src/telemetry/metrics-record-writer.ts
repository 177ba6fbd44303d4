// Prometheus series read at scrape time through callbacks: the record writer's queue and totals,
// and requests in flight. Created only once a source is registered, so an absent writer shows no
// series rather than zeros that lie. No I/O; a callback that throws leaves the last values.

import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * What /metrics reads from the record writer (totals since the process started): a subset of
 * the writer's own `stats()`, which can be passed as it is.
 */
export interface RecordWriterFigures {
  /** Records waiting in the in-memory queue, and its capacity. */
  queued: number;
  capacity: number;
  written: number;
  /** Written to the local spill file because the store was unavailable. */
  spilled: number;
  /** Read back from spill files into the store. */
  replayed: number;
  /** Lost: queue and spill both full or failing. */
  dropped: number;
  failedBatches: number;
  /** False while the store refuses writes. */
  healthy: boolean;
  /** Spill files waiting for replay, and the oldest one's age (null: none). */
  spillFiles?: number;
  oldestSpillAgeMs?: number | null;
}

type StatsTotal = 'written' | 'spilled' | 'replayed' | 'dropped' | 'failedBatches';

const totals: Array<{ field: StatsTotal; name: string; help: string }> = [
  {
    field: 'written',
    name: 'switchyard_records_written_total',
    help: 'Request records written to the store.',
  },
  {
    field: 'spilled',
    name: 'switchyard_records_spilled_total',
    help: 'Request records spilled to local files while the store was unavailable.',
  },
  {
    field: 'replayed',
    name: 'switchyard_records_replayed_total',
    help: 'Spilled request records replayed into the store.',
  },
  {
    field: 'dropped',
    name: 'switchyard_records_dropped_total',
    help: 'Request records lost (queue and spill full or failing).',
  },
  {
    field: 'failedBatches',
    name: 'switchyard_record_batches_failed_total',
    help: 'Record batches the store refused.',
  },
];

export class RecordWriterMetrics {
  #stats: (() => RecordWriterFigures) | undefined;
  #inFlight: (() => number) | undefined;

  constructor(private readonly registry: Registry) {}

  /** Read the writer's stats at each scrape; calling again replaces the source. */
  registerRecordWriter(stats: () => RecordWriterFigures): void {
    const first = this.#stats === undefined;
    this.#stats = stats;
    if (first) this.#createWriterSeries();
  }

  /** Read the number of requests in flight at each scrape; calling again replaces the source. */
  registerInFlight(count: () => number): void {
    const first = this.#inFlight === undefined;
    this.#inFlight = count;
    if (!first) return;
    const read = (): number | undefined => this.#inFlight?.();
    new Gauge({
      name: 'switchyard_in_flight_requests',
      help: 'Requests being served now.',
      registers: [this.registry],
      collect() {
        const value = safely(read);
        if (value !== undefined) this.set(value);
      },
    });
  }

  #createWriterSeries(): void {
    const registers = [this.registry];
    const read = (): RecordWriterFigures | undefined => this.#stats?.();
    const gauge = (name: string, help: string, value: (stats: RecordWriterFigures) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = safely(read);
          if (stats !== undefined) this.set(value(stats));
        },
      });
    };
    gauge('switchyard_record_queue_depth', 'Request records waiting to be written.', (stats) => stats.queued);
    gauge(
      'switchyard_record_queue_capacity',
      'Request records the writer queue holds at most.',
      (stats) => stats.capacity,
    );
    gauge(
      'switchyard_record_spill_files',
      'Spill files waiting to be replayed.',
      (stats) => stats.spillFiles ?? 0,
    );
    gauge(
      'switchyard_record_oldest_spill_age_seconds',
      'Age of the oldest spill file waiting to be replayed (0: none).',
      (stats) => (stats.oldestSpillAgeMs ?? 0) / 1000,
    );
    gauge('switchyard_record_writer_healthy', '1 while the record store accepts writes, else 0.', (stats) =>
      stats.healthy ? 1 : 0,
    );
    for (const total of totals) {
      new Counter({
        name: total.name,
        help: total.help,
        registers,
        // The writer keeps the running total; the counter mirrors it at scrape time.
        collect() {
          const stats = safely(read);
          if (stats === undefined) return;
          this.reset();
          this.inc(stats[total.field]);
        },
      });
    }
  }
}

function safely<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
