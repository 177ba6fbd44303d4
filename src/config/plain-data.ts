// YAML mappings as plain objects whose keys are always own data properties. Assigning keys one by
// one would let a `__proto__:` key in a config file replace an object's prototype.

/** Converts the Maps that `toJS({ mapAsMap: true })` produces, recursively. */
export function fromYamlData(value: unknown): unknown {
  if (value instanceof Map) {
    const record: Record<string, unknown> = {};
    for (const [key, item] of value) setOwn(record, String(key), fromYamlData(item));
    return record;
  }
  if (value instanceof Set) return [...value].map(fromYamlData);
  if (Array.isArray(value)) return value.map(fromYamlData);
  return value;
}

/** `record[key] = value`, safe for every key including `__proto__`. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
