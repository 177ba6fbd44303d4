// Sends notifier messages without making the caller wait: each message is tried a few times, each
// try bounded by a timeout, so a stalled or unreachable Redis delays an announcement and never the
// answer that caused it (an admin revoke is saved before it is announced).

import type { Notifier } from './notifier.js';

export interface BackgroundPublisherOptions {
  notifier: Notifier;
  /** Tries per message, the first included. */
  attempts?: number;
  /** Longest one try may take before it counts as failed. */
  timeoutMs?: number;
  /** Wait before the second try; doubled before each later one. */
  retryDelayMs?: number;
  /** Messages being sent at once; past it a new message is given up at once (reported). */
  maxPending?: number;
  /** A message given up after its last try, with the last error. */
  onError: (error: unknown) => void;
}

export const backgroundPublishDefaults = {
  attempts: 4,
  timeoutMs: 1000,
  retryDelayMs: 250,
  maxPending: 1000,
} as const;

export class BackgroundPublisher {
  readonly #options: Required<BackgroundPublisherOptions>;
  readonly #pending = new Set<Promise<void>>();

  constructor(options: BackgroundPublisherOptions) {
    this.#options = { ...backgroundPublishDefaults, ...options };
  }

  /** Starts sending; returns at once. */
  publish(channel: string, message: string): void {
    if (this.#pending.size >= this.#options.maxPending) {
      this.#options.onError(new Error(`${this.#pending.size} announcements are already waiting to be sent`));
      return;
    }
    const sending = this.#send(channel, message).catch(this.#options.onError);
    this.#pending.add(sending);
    void sending.finally(() => this.#pending.delete(sending));
  }

  /** Resolves once every message started so far was sent or given up (each is bounded). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  async #send(channel: string, message: string): Promise<void> {
    const { attempts, timeoutMs, retryDelayMs, notifier } = this.#options;
    let delay = retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(notifier.publish(channel, message), timeoutMs);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the notifier did not answer within ${ms} ms`)), ms);
  });
  // A try that lost the race may still land later: messages are hints, a repeat is harmless.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
