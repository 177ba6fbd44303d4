// Notifier within one process: every component holding the same hub hears every message. For the
// embedded default and tests. Delivery is asynchronous, as over Redis, so no caller relies on
// a handler having run by the time publish() returns.

import {
  reportHandlerError,
  type NotificationHandler,
  type Notifier,
  type NotifierOptions,
  type Unsubscribe,
} from '../notifier.js';

/** The shared medium; notifiers on one hub behave like replicas on one Redis. */
export class MemoryHub {
  readonly channels = new Map<string, Set<(message: string) => void>>();
}

export class MemoryNotifier implements Notifier {
  private readonly hub: MemoryHub;
  private readonly onError: (error: unknown, channel: string) => void;
  private readonly own = new Set<Unsubscribe>();
  private closed = false;

  constructor(options: NotifierOptions & { hub?: MemoryHub } = {}) {
    this.hub = options.hub ?? new MemoryHub();
    this.onError = options.onError ?? reportHandlerError;
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.closed) throw new Error('notifier is closed');
    const listeners = this.hub.channels.get(channel);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) queueMicrotask(() => listener(message));
  }

  async subscribe(channel: string, handler: NotificationHandler): Promise<Unsubscribe> {
    if (this.closed) throw new Error('notifier is closed');
    let active = true;
    const listener = (message: string) => {
      if (!active) return;
      try {
        handler(message);
      } catch (error) {
        this.onError(error, channel);
      }
    };
    let listeners = this.hub.channels.get(channel);
    if (listeners === undefined) {
      listeners = new Set();
      this.hub.channels.set(channel, listeners);
    }
    listeners.add(listener);
    const unsubscribe: Unsubscribe = async () => {
      active = false;
      this.own.delete(unsubscribe);
      const current = this.hub.channels.get(channel);
      current?.delete(listener);
      if (current?.size === 0) this.hub.channels.delete(channel);
    };
    this.own.add(unsubscribe);
    return unsubscribe;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.own].map((unsubscribe) => unsubscribe()));
  }
}
