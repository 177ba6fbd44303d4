import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeysStore } from '../storage/memory/memory-keys-store.js';
import { manualClock, sequentialIds, type ManualClock } from '../storage/testing/determinism.js';
import type { KeysStore } from '../storage/keys-store.js';
import { RevocationPoll } from './revocation-poll.js';

const hash = (seed: string): string => seed.padEnd(64, '0');

describe('RevocationPoll', () => {
  let time: ManualClock;
  let store: MemoryKeysStore;
  let revoked: string[];
  let errors: unknown[];

  function poller(source: Pick<KeysStore, 'revokedSince'> = store): RevocationPoll {
    return new RevocationPoll({
      store: source,
      clock: time.clock,
      intervalMs: 1000,
      windowMs: 60_000,
      onRevoked: (id) => revoked.push(id),
      onError: (error) => errors.push(error),
    });
  }

  beforeEach(() => {
    time = manualClock();
    store = new MemoryKeysStore({ clock: time.clock, newId: sequentialIds() });
    revoked = [];
    errors = [];
  });

  it('passes on each revocation once, whichever replica made it', async () => {
    const first = await store.create({ kind: 'virtual', name: 'a', prefix: 'sy-a', hash: hash('a') });
    const second = await store.create({ kind: 'virtual', name: 'b', prefix: 'sy-b', hash: hash('b') });
    const poll = poller();
    await poll.poll();
    expect(revoked).toEqual([]);
    await store.revoke(first.id, 'default', time.clock());
    await poll.poll();
    await poll.poll();
    expect(revoked).toEqual([first.id]);
    time.advance(1000);
    await store.revoke(second.id, 'default', time.clock());
    await poll.poll();
    expect(revoked).toEqual([first.id, second.id]);
  });

  it('catches a revocation stamped by a clock behind its own, within the window', async () => {
    const key = await store.create({ kind: 'virtual', name: 'a', prefix: 'sy-a', hash: hash('a') });
    const poll = poller();
    await store.revoke(key.id, 'default', new Date(time.clock().getTime() - 30_000));
    await poll.poll();
    expect(revoked).toEqual([key.id]);
  });

  it('reports the first failure of an outage only, and catches up once the store answers', async () => {
    let down = true;
    const flaky: Pick<KeysStore, 'revokedSince'> = {
      revokedSince: (since) => (down ? Promise.reject(new Error('down')) : store.revokedSince(since)),
    };
    const key = await store.create({ kind: 'virtual', name: 'a', prefix: 'sy-a', hash: hash('a') });
    const poll = poller(flaky);
    await store.revoke(key.id, 'default', time.clock());
    await poll.poll();
    await poll.poll();
    expect(errors).toEqual([new Error('down')]);
    down = false;
    time.advance(5000);
    await poll.poll();
    expect(revoked).toEqual([key.id]);
  });

  it('polls on its interval until stopped', async () => {
    let reads = 0;
    const counted: Pick<KeysStore, 'revokedSince'> = {
      revokedSince: async () => {
        reads += 1;
        return [];
      },
    };
    const poll = new RevocationPoll({
      store: counted,
      clock: time.clock,
      intervalMs: 5,
      onRevoked: () => undefined,
      onError: () => undefined,
    });
    poll.start();
    await expect.poll(() => reads).toBeGreaterThanOrEqual(2);
    await poll.stop();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reads).toBe(after);
  });
});
