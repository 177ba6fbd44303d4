// The Notifier conformance suite: every backend that claims Notifier registers these tests with a
// factory whose notifiers share one medium (like replicas on one Redis). Test support only.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notifier, NotifierOptions } from './notifier.js';

export interface NotifierHarness {
  /** A new notifier on the shared medium (another "replica"). */
  open(options?: NotifierOptions): Promise<Notifier>;
  close?(): Promise<void>;
}

export type NotifierFactory = () => Promise<NotifierHarness>;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function notifierCase(backend: string, factory: NotifierFactory): void {
  describe(`Notifier conformance: ${backend}`, () => {
    let harness: NotifierHarness;
    const opened: Notifier[] = [];

    async function open(options?: NotifierOptions): Promise<Notifier> {
      const notifier = await harness.open(options);
      opened.push(notifier);
      return notifier;
    }

    beforeEach(async () => {
      harness = await factory();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((notifier) => notifier.close()));
      await harness.close?.();
    });

    it('delivers to subscribers on the same notifier and on other replicas, in order', async () => {
      const publisher = await open();
      const replica = await open();
      const local: string[] = [];
      const remote: string[] = [];
      await publisher.subscribe('keys', (message) => local.push(message));
      await replica.subscribe('keys', (message) => remote.push(message));
      const messages = Array.from({ length: 20 }, (_, index) => `message-${index}`);
      for (const message of messages) await publisher.publish('keys', message);
      await waitFor(() => local.length === 20 && remote.length === 20, 'all messages');
      expect(local).toEqual(messages);
      expect(remote).toEqual(messages);
    });

    it('delivers only the channel subscribed to, matching names exactly (no patterns)', async () => {
      const publisher = await open();
      const subscriber = await open();
      const received: string[] = [];
      await subscriber.subscribe('keys', (message) => received.push(message));
      await publisher.publish('keys2', 'wrong: longer name');
      await publisher.publish('KEYS', 'wrong: other case');
      await publisher.publish('key', 'wrong: shorter name');
      const wildcard: string[] = [];
      await subscriber.subscribe('k*', (message) => wildcard.push(message));
      await publisher.publish('keys', 'right');
      await publisher.publish('k*', 'literal star');
      await waitFor(() => received.length === 1 && wildcard.length === 1, 'the two deliveries');
      expect(received).toEqual(['right']);
      expect(wildcard).toEqual(['literal star']);
    });

    it('carries any string unchanged: empty, unicode, newlines, JSON, 64 KiB', async () => {
      const publisher = await open();
      const subscriber = await open();
      const received: string[] = [];
      await subscriber.subscribe('config', (message) => received.push(message));
      const messages = [
        '',
        'ünïcødé ✓ 🚦',
        'line 1\r\nline 2\n\0end',
        '{"type":"key-revoked"}',
        'x'.repeat(65536),
      ];
      for (const message of messages) await publisher.publish('config', message);
      await waitFor(() => received.length === messages.length, 'every message');
      expect(received).toEqual(messages);
    });

    it('stops delivering after unsubscribe, leaves other subscribers alone, and unsubscribes twice harmlessly', async () => {
      const publisher = await open();
      const subscriber = await open();
      const first: string[] = [];
      const second: string[] = [];
      const unsubscribeFirst = await subscriber.subscribe('keys', (message) => first.push(message));
      await subscriber.subscribe('keys', (message) => second.push(message));
      await publisher.publish('keys', 'both');
      await waitFor(() => first.length === 1 && second.length === 1, 'the first message');
      await unsubscribeFirst();
      await unsubscribeFirst();
      await publisher.publish('keys', 'second only');
      await waitFor(() => second.length === 2, 'the second message');
      expect(first).toEqual(['both']);
      expect(second).toEqual(['both', 'second only']);
    });

    it('subscribes the same handler twice as two subscriptions', async () => {
      const publisher = await open();
      const received: string[] = [];
      const handler = (message: string) => received.push(message);
      const unsubscribe = await publisher.subscribe('keys', handler);
      await publisher.subscribe('keys', handler);
      await publisher.publish('keys', 'twice');
      await waitFor(() => received.length === 2, 'two deliveries');
      await unsubscribe();
      await publisher.publish('keys', 'once');
      await waitFor(() => received.length === 3, 'one more delivery');
      expect(received).toEqual(['twice', 'twice', 'once']);
    });

    it('survives a handler that throws: others still hear, the error goes to onError', async () => {
      const failures: Array<{ message: string; channel: string }> = [];
      const subscriber = await open({
        onError: (error, channel) => failures.push({ message: (error as Error).message, channel }),
      });
      const publisher = await open();
      const received: string[] = [];
      await subscriber.subscribe('keys', () => {
        throw new Error('handler broke');
      });
      await subscriber.subscribe('keys', (message) => received.push(message));
      await publisher.publish('keys', 'one');
      await publisher.publish('keys', 'two');
      await waitFor(() => received.length === 2, 'both messages');
      expect(received).toEqual(['one', 'two']);
      expect(failures).toEqual([
        { message: 'handler broke', channel: 'keys' },
        { message: 'handler broke', channel: 'keys' },
      ]);
    });

    it('publishes to nobody without error', async () => {
      const publisher = await open();
      await expect(publisher.publish('nobody-listens', 'hello')).resolves.toBeUndefined();
    });

    it('after close: no more deliveries, publish and subscribe reject, close again is harmless', async () => {
      const publisher = await open();
      const closing = await open();
      const witness: string[] = [];
      const silenced: string[] = [];
      await closing.subscribe('keys', (message) => silenced.push(message));
      await publisher.subscribe('keys', (message) => witness.push(message));
      await closing.close();
      await closing.close();
      await publisher.publish('keys', 'after close');
      await waitFor(() => witness.length === 1, 'the witness delivery');
      expect(silenced).toEqual([]);
      await expect(closing.publish('keys', 'x')).rejects.toThrow(/closed/);
      await expect(closing.subscribe('keys', () => undefined)).rejects.toThrow(/closed/);
    });
  });
}

/**
 * The harness of a networked backend: `connect(prefix, options)` opens a notifier on the shared
 * server under a channel prefix. Registers the conformance suite (every notifier under `prefix()`,
 * read when a test runs) and a test that notifiers under two other prefixes (deployments sharing
 * the server) never meet.
 */
export function networkedNotifierCase(
  backend: string,
  prefix: () => string,
  connect: (prefix: string, options?: NotifierOptions) => Promise<Notifier>,
): void {
  notifierCase(backend, async () => {
    const opened: Notifier[] = [];
    return {
      open: async (options) => {
        const notifier = await connect(prefix(), options);
        opened.push(notifier);
        return notifier;
      },
      close: async () => {
        await Promise.all(opened.map((notifier) => notifier.close()));
      },
    };
  });

  it('keeps deployments with different channel prefixes apart', async () => {
    const first = await connect(`${prefix()}a:`);
    const second = await connect(`${prefix()}b:`);
    try {
      const received: string[] = [];
      await second.subscribe('keys', (message) => received.push(message));
      await first.publish('keys', 'other deployment');
      await second.publish('keys', 'same deployment');
      await waitFor(() => received.length > 0, 'a delivery');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(['same deployment']);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
}
