// Drops the top-level keys whose value is undefined: for wire bodies built with optional fields
// inline, and for option objects where an explicit undefined must not hide a default.

export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
