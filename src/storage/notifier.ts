// The Notifier capability: tell every replica at once that something changed (a key was revoked,
// the config moved). A hint, not a queue: a replica that was disconnected misses messages, so
// whatever it guards must also expire on its own (caches have TTLs).

export type NotificationHandler = (message: string) => void;

export type Unsubscribe = () => Promise<void>;

export interface Notifier {
  /** Sends to every subscriber of the channel, in every process sharing this notifier's medium. */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once messages published from now on will reach the handler. */
  subscribe(channel: string, handler: NotificationHandler): Promise<Unsubscribe>;
  /** Stops delivery and releases connections; publish after close rejects. */
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** Where a throwing handler's error goes (it never reaches the publisher or other handlers). */
  onError?: (error: unknown, channel: string) => void;
}

export function reportHandlerError(error: unknown, channel: string): void {
  console.error(`switchyard: a handler for notifier channel '${channel}' failed:`, error);
}
