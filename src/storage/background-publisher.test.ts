import { describe, expect, it } from 'vitest';
import { BackgroundPublisher } from './background-publisher.js';
import type { Notifier } from './notifier.js';

/** A notifier whose publish follows a script: 'fail', 'hang', or 'ok', one entry per call. */
function scripted(script: Array<'fail' | 'hang' | 'ok'>): Notifier & { sent: string[]; calls: number } {
  const notifier = {
    sent: [] as string[],
    calls: 0,
    publish: (_channel: string, message: string): Promise<void> => {
      const step = script[notifier.calls] ?? 'ok';
      notifier.calls += 1;
      if (step === 'fail') return Promise.reject(new Error('redis down'));
      if (step === 'hang') return new Promise<void>(() => undefined);
      notifier.sent.push(message);
      return Promise.resolve();
    },
    subscribe: async () => async () => undefined,
    close: async () => undefined,
  };
  return notifier;
}

/** A publisher with fast tries over `notifier`, and the errors it reported. */
function fastPublisher(
  notifier: Notifier,
  options: { attempts?: number; maxPending?: number } = {},
): { publisher: BackgroundPublisher; errors: unknown[] } {
  const errors: unknown[] = [];
  const publisher = new BackgroundPublisher({
    notifier,
    timeoutMs: 20,
    retryDelayMs: 1,
    ...options,
    onError: (error) => errors.push(error),
  });
  return { publisher, errors };
}

describe('BackgroundPublisher', () => {
  it('returns at once and sends in the background', async () => {
    const notifier = scripted(['ok']);
    const publisher = new BackgroundPublisher({ notifier, onError: () => undefined });
    publisher.publish('keys', 'one');
    await publisher.settled();
    expect(notifier.sent).toEqual(['one']);
  });

  it('retries a failed or hung try, and sends once the notifier answers', async () => {
    const notifier = scripted(['fail', 'hang', 'ok']);
    const { publisher, errors } = fastPublisher(notifier);
    publisher.publish('keys', 'late');
    await publisher.settled();
    expect(notifier.sent).toEqual(['late']);
    expect(notifier.calls).toBe(3);
    expect(errors).toEqual([]);
  });

  it('gives up after its tries and reports the last error', async () => {
    const notifier = scripted(['fail', 'fail', 'hang']);
    const { publisher, errors } = fastPublisher(notifier, { attempts: 3 });
    publisher.publish('keys', 'lost');
    await publisher.settled();
    expect(notifier.calls).toBe(3);
    expect(errors).toEqual([new Error('the notifier did not answer within 20 ms')]);
  });

  it('bounds the messages waiting, reporting those it turns away', async () => {
    const notifier = scripted(['hang', 'hang']);
    const { publisher, errors } = fastPublisher(notifier, { attempts: 1, maxPending: 1 });
    publisher.publish('keys', 'first');
    publisher.publish('keys', 'second');
    expect(errors).toEqual([new Error('1 announcements are already waiting to be sent')]);
    await publisher.settled();
    expect(notifier.calls).toBe(1);
  });
});
