// A route's semantic cache checked at load: its `embedder` must name an embeddings model this
// config serves (an alias of kind embeddings), and the route itself must be a chat model. Runs on
// the raw (interpolated) `models:` entries, like check-config.ts.

import { isEntries, type CheckProblem, type Entries } from './raw-entries.js';

export function checkCache(models: Entries): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const [alias, model] of Object.entries(models)) {
    if (!isEntries(model) || !isEntries(model.cache)) continue;
    const path = ['models', alias, 'cache'];
    if (model.cache.enabled === true && model.kind === 'embeddings') {
      problems.push({ path: [...path, 'enabled'], message: 'the cache serves chat models only' });
    }
    const semantic = model.cache.semantic;
    if (!isEntries(semantic) || typeof semantic.embedder !== 'string') continue;
    const named = models[semantic.embedder];
    if (!Object.hasOwn(models, semantic.embedder) || !isEntries(named) || named.kind !== 'embeddings') {
      const served = Object.entries(models)
        .filter(([, entry]) => isEntries(entry) && entry.kind === 'embeddings')
        .map(([name]) => name);
      problems.push({
        path: [...path, 'semantic', 'embedder'],
        message:
          `"${semantic.embedder}" is not an embeddings model of this config` +
          (served.length === 0
            ? ' (it has none: add one with kind: embeddings)'
            : ` (embeddings models: ${served.join(', ')})`),
      });
    }
  }
  return problems;
}
