// Context around a match: words just before it (a label such as "SSN:" or "born on") make a
// detection more or less likely. Looks at a bounded window, so the cost per match is constant.

/** Characters before a match that count as its context, by default. */
const defaultWindow = 48;

/** True when one of `words` (lower case, whole words) occurs within `window` characters before `start`. */
export function hasContextBefore(
  text: string,
  start: number,
  words: readonly RegExp[],
  window = defaultWindow,
): boolean {
  const before = text.slice(Math.max(0, start - window), start).toLowerCase();
  return words.some((word) => word.test(before));
}

/** A confidence moved up or down by context, kept within 0–1. */
export function withContext(base: number, context: boolean, boost = 0.15): number {
  return Math.min(1, Math.max(0, context ? base + boost : base));
}
