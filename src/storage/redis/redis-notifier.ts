// Notifier over Redis pub/sub, so every replica hears a revocation or a config change at once.
// Two connections: a subscribed Redis connection can do nothing but (un)subscribe. Messages sent
// while a replica is disconnected are lost (pub/sub has no history); see notifier.ts.

import { Redis } from 'ioredis';
import { NotifierHandlers } from '../notifier-handlers.js';
import {
  reportHandlerError,
  type NotificationHandler,
  type Notifier,
  type NotifierOptions,
  type Unsubscribe,
} from '../notifier.js';

export interface RedisNotifierOptions extends NotifierOptions {
  url: string;
  /** Put before every channel name, so deployments sharing a Redis stay apart. */
  channelPrefix?: string;
  connectTimeoutMs?: number;
  /** Where connection trouble is reported (once per outage); defaults to console.error. */
  onConnectionError?: (error: Error) => void;
}

export class RedisNotifier implements Notifier {
  private readonly handlers: NotifierHandlers;
  private readonly subscribed = new Set<string>();
  /** Subscription changes run one at a time, so SUBSCRIBE and UNSUBSCRIBE never overtake each other. */
  private changes: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    onError: (error: unknown, channel: string) => void,
  ) {
    this.handlers = new NotifierHandlers(onError);
    subscriber.on('message', (fullName: string, message: string) => {
      if (fullName.startsWith(prefix)) this.handlers.dispatch(fullName.slice(prefix.length), message);
    });
  }

  /** Connects both connections; rejects with a clear error when Redis cannot be reached. */
  static async connect(options: RedisNotifierOptions): Promise<RedisNotifier> {
    const settings = {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      maxRetriesPerRequest: 3,
    };
    const publisher = new Redis(options.url, settings);
    const subscriber = new Redis(options.url, settings);
    // Until both are up, socket errors are kept for the thrown error rather than logged.
    let startError: unknown;
    const keep = (error: Error) => (startError ??= error);
    for (const connection of [publisher, subscriber]) connection.on('error', keep);
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      const cause = startError ?? error;
      const host = new URL(options.url).host;
      throw new Error(
        `cannot reach Redis at ${host}: ${cause instanceof Error ? cause.message : String(cause)}`,
        {
          cause,
        },
      );
    }
    const report =
      options.onConnectionError ?? ((error) => console.error('switchyard: Redis notifier:', error.message));
    for (const connection of [publisher, subscriber]) {
      connection.off('error', keep);
      watchConnection(connection, report);
    }
    return new RedisNotifier(
      publisher,
      subscriber,
      options.channelPrefix ?? 'switchyard:',
      options.onError ?? reportHandlerError,
    );
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.closed) throw new Error('notifier is closed');
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: NotificationHandler): Promise<Unsubscribe> {
    if (this.closed) throw new Error('notifier is closed');
    const remove = this.handlers.add(channel, handler);
    try {
      await this.synchronize(channel);
    } catch (error) {
      remove();
      throw error;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      remove();
      if (!this.closed) await this.synchronize(channel);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    await this.changes.catch(() => undefined);
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  /** Brings Redis's subscription for one channel in line with whether anyone still listens. */
  private synchronize(channel: string): Promise<void> {
    const fullName = this.prefix + channel;
    const change = this.changes.then(async () => {
      const wanted = this.handlers.listening(channel);
      if (wanted && !this.subscribed.has(fullName)) {
        await this.subscriber.subscribe(fullName);
        this.subscribed.add(fullName);
      } else if (!wanted && this.subscribed.has(fullName)) {
        await this.subscriber.unsubscribe(fullName);
        this.subscribed.delete(fullName);
      }
    });
    this.changes = change.catch(() => undefined);
    return change;
  }
}

/** Reports the first error of each outage, not every reconnect attempt's. */
function watchConnection(connection: Redis, report: (error: Error) => void): void {
  let reported = false;
  connection.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    report(error);
  });
  connection.on('ready', () => {
    reported = false;
  });
}
