// Answers this gateway has just held for review, until their request is recorded: the review
// queue is written with the request log, off the response path (within records.flushIntervalMs),
// so a caller polling GET /v1/reviews/<id> at once would otherwise get a 404 for an id it was just
// given. Such a poll gets `pending` instead. The other replicas hear of each hold on the
// notifier (share-held-pending.ts: Redis pub/sub in a cluster), so a poll that reaches another
// replica gets `pending` too, once the message has arrived; entries go after a minute, and the
// oldest first past 10,000, so a flood of holds cannot grow it.

import type { TrailPrincipal } from '../telemetry/request-trail.js';

export interface PendingHold {
  owner: TrailPrincipal;
  /** Until when the answer is kept for a decision (epoch ms). */
  expiresAt: number;
  heldAt: number;
}

const keepMs = 60_000;
const maxEntries = 10_000;

export type HoldListener = (id: string, owner: TrailPrincipal, expiresAt: number) => void;

export class HeldPending {
  readonly #entries = new Map<string, PendingHold>();
  readonly #now: () => number;
  #listener: HoldListener | undefined;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Told of every hold noted here (not of those absorbed from other replicas). */
  onNote(listener: HoldListener | undefined): void {
    this.#listener = listener;
  }

  /** A hold this gateway has just made. */
  note(id: string, owner: TrailPrincipal, expiresAt: number): void {
    this.absorb(id, owner, expiresAt);
    this.#listener?.(id, owner, expiresAt);
  }

  /** A hold another replica made. */
  absorb(id: string, owner: TrailPrincipal, expiresAt: number): void {
    const now = this.#now();
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size < maxEntries && now - entry.heldAt < keepMs) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(id, { owner, expiresAt, heldAt: now });
  }

  /** The hold of `id` in `organizationId`, while it is not yet recorded (or a minute at most). */
  find(id: string, organizationId: string): PendingHold | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.owner.organizationId !== organizationId) return undefined;
    if (this.#now() - entry.heldAt >= keepMs) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry;
  }

  get size(): number {
    return this.#entries.size;
  }
}
