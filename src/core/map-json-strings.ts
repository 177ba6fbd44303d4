// Every string inside a JSON value mapped (a tool call's input, a parsed answer), object keys kept
// as they are. Copied only along the paths where a string changed; bounded: past `maxDepth` levels
// the value is left as it is.

export function mapJsonStrings(value: unknown, map: (text: string) => string, maxDepth: number): unknown {
  return walk(value, map, maxDepth, 0);
}

function walk(value: unknown, map: (text: string) => string, maxDepth: number, depth: number): unknown {
  if (typeof value === 'string') return map(value);
  if (depth >= maxDepth || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const mapped = walk(item, map, maxDepth, depth + 1);
      if (mapped !== item) (copy ??= value.slice())[index] = mapped;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const mapped = walk(item, map, maxDepth, depth + 1);
    if (mapped !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = mapped;
  }
  return copy ?? value;
}
