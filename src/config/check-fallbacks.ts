// Fallback chains checked at load: each fallback must name a model the config serves, of the same
// kind, and no chain may come back to a model already on it (a cycle). Runs on the raw
// (interpolated) `models:` entries, like check-config.ts.

import { isEntries, type CheckProblem, type Entries } from './raw-entries.js';

/** The models: key a requested name resolves to (an alias, else the longest matching pattern). */
function keyFor(models: Entries, name: string): string | undefined {
  if (Object.hasOwn(models, name)) return name;
  let best: string | undefined;
  for (const key of Object.keys(models)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (
      name.length > prefix.length &&
      name.startsWith(prefix) &&
      (best === undefined || key.length > best.length)
    ) {
      best = key;
    }
  }
  return best;
}

function fallbackNames(model: unknown): Array<{ index: number; name: string }> {
  if (!isEntries(model) || !Array.isArray(model.fallbacks)) return [];
  return model.fallbacks.flatMap((entry: unknown, index) =>
    isEntries(entry) && typeof entry.model === 'string' ? [{ index, name: entry.model }] : [],
  );
}

export function checkFallbacks(models: Entries): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const edges = new Map<string, string[]>();
  for (const [alias, model] of Object.entries(models)) {
    const kind = isEntries(model) && typeof model.kind === 'string' ? model.kind : 'chat';
    const next: string[] = [];
    if (isEntries(model) && Array.isArray(model.fallbacks)) {
      model.fallbacks.forEach((entry: unknown, index) => {
        if (!isEntries(entry)) return;
        const named = entry.model !== undefined;
        const longer = entry.longerContext === true || entry.longerContext === 'true';
        if (named === longer) {
          problems.push({
            path: ['models', alias, 'fallbacks', index],
            message: 'a fallback names a `model`, or says `longerContext: true`: one of the two',
          });
        }
      });
    }
    for (const { index, name } of fallbackNames(model)) {
      const path = ['models', alias, 'fallbacks', index, 'model'];
      const key = keyFor(models, name);
      const target = key === undefined ? undefined : models[key];
      const targetKind = isEntries(target) && typeof target.kind === 'string' ? target.kind : 'chat';
      if (key === undefined) problems.push({ path, message: `no model "${name}" in models:` });
      else if (key === alias) problems.push({ path, message: 'a model cannot fall back to itself' });
      else if (targetKind !== kind)
        problems.push({ path, message: `"${name}" is a ${targetKind} model; this one is ${kind}` });
      else next.push(key);
    }
    edges.set(alias, next);
  }
  for (const alias of edges.keys()) {
    const path = findCycle(alias, edges, [alias]);
    if (path === undefined) continue;
    const loop = path.slice(path.indexOf(path.at(-1)!));
    // Each cycle once: at its first member in sort order.
    if (loop[0] === alias && [...loop].sort()[0] === alias) {
      problems.push({
        path: ['models', alias, 'fallbacks'],
        message: `fallback cycle: ${loop.join(' -> ')}`,
      });
    }
  }
  return problems;
}

/** A path from `start` back to a model already on `trail`, if any. */
function findCycle(start: string, edges: Map<string, string[]>, trail: string[]): string[] | undefined {
  for (const next of edges.get(start) ?? []) {
    if (trail.includes(next)) return [...trail, next];
    const found = findCycle(next, edges, [...trail, next]);
    if (found !== undefined) return found;
  }
  return undefined;
}
