// Tells the other replicas of each answer held here (held-pending.ts), on the notifier's
// `held-pending` channel, so a caller polling GET /v1/reviews/<id> through a load balancer gets
// `pending` from any replica before the review queue has the item. A hint, like every notifier
// message: one that is lost leaves that replica answering 404 for the few hundred milliseconds
// until the review is recorded. Messages are checked field by field; anything else is ignored.

import { randomUUID } from 'node:crypto';
import type { Notifier } from '../storage/notifier.js';
import type { TrailPrincipal } from '../telemetry/request-trail.js';
import type { HeldPending } from './held-pending.js';

export const heldChannel = 'held-pending';

interface HeldMessage {
  origin: string;
  id: string;
  owner: TrailPrincipal;
  expiresAt: number;
}

/** Shares `pending`'s holds with the other replicas; resolves with the function that stops it. */
export async function shareHeldPending(
  pending: HeldPending,
  notifier: Notifier,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const origin = randomUUID();
  const unsubscribe = await notifier.subscribe(heldChannel, (text) => {
    const message = parseMessage(text);
    if (message !== undefined && message.origin !== origin) {
      pending.absorb(message.id, message.owner, message.expiresAt);
    }
  });
  pending.onNote((id, owner, expiresAt) => {
    const message: HeldMessage = { origin, id, owner, expiresAt };
    notifier.publish(heldChannel, JSON.stringify(message)).catch((error: unknown) => {
      log(`switchyard warn: could not tell the other replicas of held answer ${id}: ${String(error)}`);
    });
  });
  return async () => {
    pending.onNote(undefined);
    await unsubscribe();
  };
}

/** Another replica's message, or undefined for anything malformed. */
function parseMessage(text: string): HeldMessage | undefined {
  let value: Partial<HeldMessage>;
  try {
    value = JSON.parse(text) as Partial<HeldMessage>;
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { origin, id, owner, expiresAt } = value;
  if (typeof origin !== 'string' || typeof id !== 'string' || id === '' || id.length > 200) return undefined;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
  if (typeof owner !== 'object' || owner === null || typeof owner.organizationId !== 'string')
    return undefined;
  const optional = (field: unknown): field is string | null => field === null || typeof field === 'string';
  if (!optional(owner.keyId) || !optional(owner.teamId) || !optional(owner.projectId)) return undefined;
  const { keyId, organizationId, teamId, projectId } = owner;
  return { origin, id, owner: { keyId, organizationId, teamId, projectId }, expiresAt };
}
