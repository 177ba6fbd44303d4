// What `switchyard cache purge` asks the admin API to drop, and the answer it reads back.

import { z } from 'zod';

export interface CachePurge {
  route?: string | undefined;
  model?: string | undefined;
  namespace?: string | undefined;
  all?: boolean | undefined;
}

export const purgedSchema = z.object({ deleted: z.number().int().min(0) });

export function cachePurgeSearch(filter: CachePurge): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of ['route', 'model', 'namespace'] as const) {
    const value = filter[name];
    if (value !== undefined) search.set(name, value);
  }
  if (filter.all === true) search.set('all', 'true');
  return search;
}
