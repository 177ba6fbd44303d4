// Catches up on revocations from the keys table, so a replica forgets a revoked key within one
// interval even when the notifier's message never reached it (its Redis connection blipped, or the
// revoking replica could not publish). One indexed read per interval, off the request path.

import type { Clock } from '../storage/clock.js';
import type { KeysStore } from '../storage/keys-store.js';

export interface RevocationPollOptions {
  store: Pick<KeysStore, 'revokedSince'>;
  clock: Clock;
  intervalMs: number;
  /**
   * How far back each read looks. revoked_at is the revoking replica's clock, so this also covers
   * replicas whose clocks disagree by up to this much.
   */
  windowMs?: number;
  onRevoked: (keyId: string) => void;
  /** The first failure of each outage (a failing store is not reported every interval). */
  onError: (error: unknown) => void;
}

export const defaultRevocationWindowMs = 60_000;

export class RevocationPoll {
  readonly #options: RevocationPollOptions;
  readonly #windowMs: number;
  /** Revocations already passed on, by key id, with when they happened; pruned past the window. */
  readonly #seen = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #failing = false;

  constructor(options: RevocationPollOptions) {
    this.#options = options;
    this.#windowMs = options.windowMs ?? defaultRevocationWindowMs;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops polling; waits for a read in flight (each is bounded by the store's own timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One read: passes on each key revoked within the window that was not passed on before. */
  async poll(): Promise<void> {
    const since = this.#options.clock().getTime() - this.#windowMs;
    let revoked;
    try {
      revoked = await this.#options.store.revokedSince(new Date(since));
    } catch (error) {
      if (!this.#failing) this.#options.onError(error);
      this.#failing = true;
      return;
    }
    this.#failing = false;
    for (const { id, revokedAt } of revoked) {
      if (this.#seen.has(id)) continue;
      this.#seen.set(id, revokedAt.getTime());
      this.#options.onRevoked(id);
    }
    for (const [id, at] of this.#seen) if (at < since) this.#seen.delete(id);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.poll().finally(() => {
        this.#running = undefined;
        this.#schedule();
      });
    }, this.#options.intervalMs);
    this.#timer.unref();
  }
}
