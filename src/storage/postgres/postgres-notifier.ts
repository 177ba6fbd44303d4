// Notifier over Postgres LISTEN/NOTIFY, for clusters with Postgres and no Redis: every replica
// hears a revocation, a purge or a config change at once, as with Redis pub/sub. One connection
// per replica, outside the pool, listens on one Postgres channel per deployment (named from the
// channel prefix) and publishes on it; the gateway's channel travels in each message's header.
//
// A NOTIFY payload must be under 8,000 bytes and cannot hold a NUL character, so a message is
// escaped when it holds one and cut into parts of at most 2,000 UTF-16 units (6,000 bytes of
// UTF-8 at most), all sent by one statement: Postgres delivers one transaction's notifications
// together and in order. Messages sent while a replica is disconnected are lost (see notifier.ts);
// the listening connection is opened again after a failure, with growing pauses.

import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { NotifierHandlers } from '../notifier-handlers.js';
import {
  reportHandlerError,
  type NotificationHandler,
  type Notifier,
  type NotifierOptions,
  type Unsubscribe,
} from '../notifier.js';

export interface PostgresNotifierOptions extends NotifierOptions {
  url: string;
  /** Keeps deployments sharing a database apart (their Postgres channels differ). */
  channelPrefix?: string;
  connectTimeoutMs?: number;
  /** Where connection trouble is reported (once per outage); defaults to console.error. */
  onConnectionError?: (error: Error) => void;
  /** The first pause before opening the connection again; it doubles up to 5 s. */
  reconnectDelayMs?: number;
}

/** UTF-16 units per part: at most 6,000 bytes of UTF-8, well under Postgres's 8,000 with the header. */
const partLength = 2000;
/** A longer channel name is refused: the header must stay small. */
const maxChannelLength = 200;
/** Parts of a message not completed within this are dropped (their connection failed between). */
const partialLifetimeMs = 30_000;
/** Parts a message may have (about 2 million UTF-16 units); a header claiming more is ignored. */
export const maxParts = 1024;
/**
 * Messages assembled at once; a new one past this drops the oldest. The parts of one message go out
 * in one statement and arrive together, so only a hostile or broken sender fills this.
 */
export const maxPartials = 64;

/** The Postgres channel of a deployment: a short identifier whatever the prefix. */
export function postgresChannel(prefix: string): string {
  return `switchyard_${createHash('sha256').update(prefix).digest('hex').slice(0, 24)}`;
}

interface Partial {
  parts: string[];
  received: number;
  startedAt: number;
}

export class PostgresNotifier implements Notifier {
  readonly #handlers: NotifierHandlers;
  readonly #partials = new Map<string, Partial>();
  readonly #options: PostgresNotifierOptions;
  readonly #channel: string;
  readonly #sender = randomBytes(6).toString('hex');
  readonly #report: (error: Error) => void;
  #client: pg.Client | undefined;
  #sequence = 0;
  #closed = false;
  #reported = false;
  #reconnecting: NodeJS.Timeout | undefined;
  #delayMs: number;

  private constructor(options: PostgresNotifierOptions) {
    this.#options = options;
    this.#channel = postgresChannel(options.channelPrefix ?? 'switchyard:');
    this.#handlers = new NotifierHandlers(options.onError ?? reportHandlerError);
    this.#report =
      options.onConnectionError ??
      ((error) => console.error('switchyard: Postgres notifier:', error.message));
    this.#delayMs = options.reconnectDelayMs ?? 500;
  }

  /** Connects and listens; rejects with a clear error when Postgres cannot be reached. */
  static async connect(options: PostgresNotifierOptions): Promise<PostgresNotifier> {
    const notifier = new PostgresNotifier(options);
    try {
      await notifier.#open();
    } catch (error) {
      const host = new URL(options.url).host;
      throw new Error(
        `cannot reach Postgres at ${host} for notifications: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return notifier;
  }

  async publish(channel: string, message: string): Promise<void> {
    if (this.#closed) throw new Error('notifier is closed');
    const client = this.#client;
    if (client === undefined) throw new Error('the Postgres notifier is not connected');
    const payloads = this.#payloads(channel, message);
    const calls = payloads.map((_, index) => `pg_notify($1, $${index + 2})`).join(', ');
    await client.query(`SELECT ${calls}`, [this.#channel, ...payloads]);
  }

  async subscribe(channel: string, handler: NotificationHandler): Promise<Unsubscribe> {
    if (this.#closed) throw new Error('notifier is closed');
    // The connection listens from the start: messages published from now on reach the handler.
    const remove = this.#handlers.add(channel, handler);
    return async () => remove();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    clearTimeout(this.#reconnecting);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** The header fields, then a line feed, then the part: `sender.sequence index count flag channel`. */
  #payloads(channel: string, message: string): string[] {
    if (channel.length > maxChannelLength)
      throw new RangeError(`channel names are at most ${maxChannelLength} characters`);
    const escaped = message.includes('\0');
    const body = escaped ? message.replaceAll('\\', '\\\\').replaceAll('\0', '\\0') : message;
    if (body.length > maxParts * partLength)
      throw new RangeError(`messages are at most ${maxParts * partLength} characters once escaped`);
    const parts: string[] = [];
    for (let start = 0; start < body.length || parts.length === 0;) {
      let end = Math.min(body.length, start + partLength);
      // Never between the two halves of a surrogate pair.
      if (end < body.length && /[\uD800-\uDBFF]/.test(body[end - 1]!)) end -= 1;
      parts.push(body.slice(start, end));
      start = end;
    }
    const id = `${this.#sender}.${(this.#sequence += 1)}`;
    const name = encodeURIComponent(channel);
    return parts.map(
      (part, index) => `${id} ${index} ${parts.length} ${escaped ? 'e' : 'r'} ${name}\n${part}`,
    );
  }

  #receive(payload: string): void {
    const newline = payload.indexOf('\n');
    const fields = payload.slice(0, newline).split(' ');
    if (newline < 0 || fields.length !== 5) return;
    const [id, index, count, flag, name] = fields as [string, string, string, string, string];
    const part = payload.slice(newline + 1);
    let body: string | undefined = part;
    if (count !== '1') body = this.#assemble(id, Number(index), Number(count), part);
    if (body === undefined) return;
    const message = flag === 'e' ? unescape(body) : body;
    let channel: string;
    try {
      channel = decodeURIComponent(name);
    } catch {
      return;
    }
    this.#handlers.dispatch(channel, message);
  }

  /** The whole message once its last part has come, else undefined. */
  #assemble(id: string, index: number, count: number, part: string): string | undefined {
    if (!Number.isInteger(count) || count < 1 || count > maxParts) return undefined;
    if (!Number.isInteger(index) || index < 0 || index >= count) return undefined;
    const now = Date.now();
    // Oldest first: the sweep stops at the first message still within its lifetime.
    for (const [key, partial] of this.#partials) {
      if (now - partial.startedAt <= partialLifetimeMs) break;
      this.#partials.delete(key);
    }
    let partial = this.#partials.get(id);
    if (partial === undefined) {
      if (this.#partials.size >= maxPartials) {
        const oldest = this.#partials.keys().next().value;
        if (oldest !== undefined) this.#partials.delete(oldest);
      }
      partial = { parts: new Array<string>(count), received: 0, startedAt: now };
      this.#partials.set(id, partial);
    } else if (partial.parts.length !== count) return undefined;
    if (partial.parts[index] === undefined) partial.received += 1;
    partial.parts[index] = part;
    if (partial.received < count) return undefined;
    this.#partials.delete(id);
    return partial.parts.join('');
  }

  async #open(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#options.url,
      connectionTimeoutMillis: this.#options.connectTimeoutMs ?? 5000,
      // A publish waits at most this long; a silent peer is found by the operating system.
      query_timeout: 5000,
      keepAlive: true,
    });
    // Until it listens, errors reject the open; afterwards they start a reconnection.
    let listening = false;
    client.on('error', (error: Error) => {
      if (listening) this.#lost(client, error);
    });
    client.on('end', () => {
      if (listening) this.#lost(client, new Error('the connection ended'));
    });
    client.on('notification', (notification) => {
      if (notification.channel === this.#channel && notification.payload !== undefined)
        this.#receive(notification.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    listening = true;
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#reported = false;
    this.#delayMs = this.#options.reconnectDelayMs ?? 500;
  }

  /** The listening connection failed: report it (once per outage) and open another. */
  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    if (!this.#reported) {
      this.#reported = true;
      this.#report(error);
    }
    this.#retry();
  }

  #retry(): void {
    if (this.#closed || this.#reconnecting !== undefined) return;
    const delay = this.#delayMs;
    this.#delayMs = Math.min(5000, delay * 2);
    this.#reconnecting = setTimeout(() => {
      this.#reconnecting = undefined;
      this.#open().catch((error: unknown) => {
        if (!this.#reported) {
          this.#reported = true;
          this.#report(error instanceof Error ? error : new Error(String(error)));
        }
        this.#retry();
      });
    }, delay);
    this.#reconnecting.unref();
  }
}

/** The reverse of the escaping in #payloads: "\\" is a backslash, "\0" a NUL. */
function unescape(body: string): string {
  return body.replace(/\\(\\|0)/g, (_, escaped: string) => (escaped === '0' ? '\0' : '\\'));
}
