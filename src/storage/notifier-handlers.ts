// The handlers a networked notifier (Redis, Postgres) holds per channel: each subscription its
// own entry (the same function subscribed twice is two subscriptions), delivery to every one of a
// channel's handlers, and a throwing handler's error reported without reaching the others.

import type { NotificationHandler } from './notifier.js';

export class NotifierHandlers {
  readonly #channels = new Map<string, Set<NotificationHandler>>();
  readonly #onError: (error: unknown, channel: string) => void;

  constructor(onError: (error: unknown, channel: string) => void) {
    this.#onError = onError;
  }

  /** Adds a subscription; the returned function removes it (harmless twice). */
  add(channel: string, handler: NotificationHandler): () => void {
    // A wrapper, so subscribing the same function twice gives two independent subscriptions.
    const entry: NotificationHandler = (message) => handler(message);
    let set = this.#channels.get(channel);
    if (set === undefined) {
      set = new Set();
      this.#channels.set(channel, set);
    }
    set.add(entry);
    return () => {
      const current = this.#channels.get(channel);
      current?.delete(entry);
      if (current?.size === 0) this.#channels.delete(channel);
    };
  }

  /** Whether anyone still listens on the channel. */
  listening(channel: string): boolean {
    return (this.#channels.get(channel)?.size ?? 0) > 0;
  }

  dispatch(channel: string, message: string): void {
    const set = this.#channels.get(channel);
    if (set === undefined) return;
    for (const handler of [...set]) {
      try {
        handler(message);
      } catch (error) {
        this.#onError(error, channel);
      }
    }
  }

  clear(): void {
    this.#channels.clear();
  }
}
