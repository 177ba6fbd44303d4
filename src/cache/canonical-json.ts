// JSON text that is the same for equal values whatever the order of their object keys: the input
// to cache keys, so `{"a":1,"b":2}` and `{"b":2,"a":1}` hash alike. Arrays keep their order (the
// order of messages and tools changes the answer); undefined members are dropped, as JSON does.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
