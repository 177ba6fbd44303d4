// Tells the other replicas of each purge of this replica's in-process cache, on the notifier's
// `cache-purge` channel, so `switchyard cache purge` through a load balancer empties the cache of
// every replica, not only of the one that took the call. Only for in-process stores: Redis is one
// store that every replica shares, purged once. A hint, like every notifier message: a replica that
// misses one keeps those answers until their TTL. Messages are checked field by field; anything
// else is ignored. A purge answers once this replica's store is purged: the announcement goes out
// in the background (storage/background-publisher.ts), so a stalled Redis never holds the caller.

import { randomUUID } from 'node:crypto';
import { delegatingStore, type AnswerStore, type PurgeFilter } from '../cache/exact/answer-store.js';
import { BackgroundPublisher } from '../storage/background-publisher.js';
import type { Notifier } from '../storage/notifier.js';

export const purgeChannel = 'cache-purge';

interface PurgeMessage {
  origin: string;
  filter: PurgeFilter;
}

/** The longest label a purge filter carries (the admin API's limit). */
const maxLabel = 200;

export interface SharedPurges {
  /** `store`, whose purges now also reach the other replicas. */
  store: AnswerStore;
  stop(): Promise<void>;
}

/** Shares the purges of `store` (in process) with the other replicas, and applies theirs to it. */
export async function shareCachePurges(
  store: AnswerStore,
  notifier: Notifier,
  log: (line: string) => void,
): Promise<SharedPurges> {
  const origin = randomUUID();
  const unsubscribe = await notifier.subscribe(purgeChannel, (text) => {
    const message = parseMessage(text);
    if (message === undefined || message.origin === origin) return;
    store.purge(message.filter).catch((error: unknown) => {
      log(`switchyard warn: could not apply another replica's cache purge: ${String(error)}`);
    });
  });
  const announcer = new BackgroundPublisher({
    notifier,
    onError: (error) =>
      log(`switchyard warn: could not tell the other replicas of a cache purge: ${String(error)}`),
  });
  const shared: AnswerStore = {
    ...delegatingStore(store),
    async purge(filter) {
      const deleted = await store.purge(filter);
      const message: PurgeMessage = { origin, filter: copyFilter(filter) };
      announcer.publish(purgeChannel, JSON.stringify(message));
      return deleted;
    },
  };
  return {
    store: shared,
    async stop() {
      await unsubscribe();
      // Purges announced before shutdown still go out (each bounded: a few tries of a second).
      await announcer.settled();
    },
  };
}

/** The filter's own fields only, absent ones left out. */
function copyFilter(filter: PurgeFilter): PurgeFilter {
  const copy: PurgeFilter = { organizationId: filter.organizationId };
  if (filter.route !== undefined) copy.route = filter.route;
  if (filter.model !== undefined) copy.model = filter.model;
  if (filter.namespace !== undefined) copy.namespace = filter.namespace;
  return copy;
}

/** Another replica's message, or undefined for anything malformed. */
function parseMessage(text: string): PurgeMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { origin, filter } = value as Partial<Record<keyof PurgeMessage, unknown>>;
  if (typeof origin !== 'string' || origin === '' || origin.length > maxLabel) return undefined;
  if (typeof filter !== 'object' || filter === null) return undefined;
  const { organizationId, route, model, namespace } = filter as Partial<Record<keyof PurgeFilter, unknown>>;
  if (!isLabel(organizationId)) return undefined;
  const narrowing = [route, model, namespace];
  if (!narrowing.every((field) => field === undefined || isLabel(field))) return undefined;
  return {
    origin,
    filter: copyFilter({
      organizationId,
      route: route as string | undefined,
      model: model as string | undefined,
      namespace: namespace as string | undefined,
    }),
  };
}

function isLabel(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= maxLabel;
}
