// Where each route's calibration (threshold-calibrator.ts counts) outlives the process: the
// snapshot file of the in-process cache (`cache.persist`), or Redis for a cluster. Without one, a
// restarted gateway begins every route's calibration afresh and serves nothing by meaning until
// enough new verdicts arrive.

import type { CalibrationSnapshot } from './threshold-calibrator.js';

export interface StoredCalibration {
  /** The route's key (alias and definition digest). */
  routeKey: string;
  errorBudget: number;
  confidence: number;
  snapshot: CalibrationSnapshot;
}

export interface CalibrationStore {
  load(): Promise<StoredCalibration[]>;
  /** Replaces what is stored for these routes (others are kept). */
  save(calibrations: readonly StoredCalibration[]): Promise<void>;
}

/** A stored calibration read back, or undefined when it is not one (never trusted blindly). */
export function readCalibration(value: unknown): StoredCalibration | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<StoredCalibration>;
  const snapshot = candidate.snapshot;
  const fine =
    typeof candidate.routeKey === 'string' &&
    typeof candidate.errorBudget === 'number' &&
    typeof candidate.confidence === 'number' &&
    typeof snapshot === 'object' &&
    snapshot !== null &&
    typeof snapshot.binsPerUnit === 'number' &&
    Array.isArray(snapshot.bins);
  return fine ? (candidate as StoredCalibration) : undefined;
}
