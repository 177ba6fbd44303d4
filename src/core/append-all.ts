// Appends every item to a list in place. `list.push(...items)` passes each item as an argument,
// and V8 throws a RangeError past about a hundred thousand of them: a request whose message holds
// that many content parts, or a text with that many entities, must not take a request down.

export function appendAll<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}
