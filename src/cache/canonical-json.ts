// JSON text that is the same for equal values whatever the order of their object keys: the input
// to cache keys, so `{"a":1,"b":2}` and `{"b":2,"a":1}` hash alike. Arrays keep their order (the
// order of messages and tools changes the answer); undefined members are dropped, as JSON does.
// Keys sort by UTF-16 code units (Array.prototype.sort's order). Written into one string as it
// goes, and keys are sorted only when they are not in order already: this runs on every request
// of a cached route.

export function canonicalJson(value: unknown): string {
  return append('', value);
}

function append(out: string, value: unknown): string {
  if (typeof value === 'string') return out + JSON.stringify(value);
  // What JSON.stringify writes for these, without the call.
  if (typeof value === 'number') return out + (Number.isFinite(value) ? String(value) : 'null');
  if (typeof value === 'boolean') return out + (value ? 'true' : 'false');
  if (value === null || typeof value !== 'object') return out + (JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) {
    out += '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out += ',';
      out = append(out, (value[index] as unknown) ?? null);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!inOrder(keys)) keys.sort();
  out += '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    const quoted = quotedKey(key);
    out += first ? quoted : `,${quoted}`;
    out = append(out + ':', member);
    first = false;
  }
  return out + '}';
}

/** Object keys repeat from request to request ("role", "content"…): quote each once. */
const quotedKeys = new Map<string, string>();
const maxQuotedKeys = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (key.length <= 64 && quotedKeys.size < maxQuotedKeys) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function inOrder(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) if (keys[index - 1]! > keys[index]!) return false;
  return true;
}
