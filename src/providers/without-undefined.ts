// Drops top-level undefined keys from a wire body being built; nested ones vanish when the body is
// serialised. Shared by the translators that build optional fields inline.

export function withoutUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}
