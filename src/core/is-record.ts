// The one check for "a JSON object" (not null, not an array) that wire readers narrow with.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
