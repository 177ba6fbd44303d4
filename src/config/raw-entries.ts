// What the cross-entry checks (check-*.ts) share: a problem at a key path, and a guard for the
// raw, not yet validated YAML objects they read.

import type { PathSegment } from './key-path.js';

export interface CheckProblem {
  path: PathSegment[];
  message: string;
}

export type Entries = Record<string, unknown>;

export function isEntries(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
