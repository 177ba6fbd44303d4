// Deterministic clock and id generators for tests. Test support only: never imported by runtime code.

import type { Clock } from '../clock.js';
import type { IdGenerator } from '../id-generator.js';

export interface ManualClock {
  clock: Clock;
  /** Moves time forward (or back, with a negative number) by this many milliseconds. */
  advance(milliseconds: number): void;
  set(time: Date): void;
}

export function manualClock(start = new Date('2025-01-01T00:00:00.000Z')): ManualClock {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (milliseconds) => {
      now += milliseconds;
    },
    set: (time) => {
      now = time.getTime();
    },
  };
}

/** UUIDs 00000000-0000-4000-8000-000000000001, ...002, ... (valid for a Postgres uuid column). */
export function sequentialIds(): IdGenerator {
  let next = 0;
  return () => {
    next += 1;
    return `00000000-0000-4000-8000-${next.toString().padStart(12, '0')}`;
  };
}
