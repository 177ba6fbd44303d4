// The id source for stored rows, injected so tests get predictable ids. Knows nothing else.

import { randomUUID } from 'node:crypto';

/** Returns a fresh UUID (the Postgres backends store ids in a uuid column). */
export type IdGenerator = () => string;

export const randomId: IdGenerator = () => randomUUID();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the textual form of a UUID; lets a backend answer "unknown" to a malformed id instead of erroring. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}
