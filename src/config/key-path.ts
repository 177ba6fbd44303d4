// Key paths in the form users read in error messages: `models.gpt-4o.targets[0].provider`.
// Keys that would be ambiguous with dots (model names like `gpt-4.1`) are quoted: `models["gpt-4.1"]`.

export type PathSegment = string | number;

const plainKey = /^[A-Za-z0-9_*/-]+$/;

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && plainKey.test(segment))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
