import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { isGatewayError } from '../errors.js';
import type { KeyRecord, KeysStore } from '../storage/keys-store.js';
import { MemoryKeysStore } from '../storage/memory/memory-keys-store.js';
import { MemoryHub, MemoryNotifier } from '../storage/memory/memory-notifier.js';
import type { Notifier } from '../storage/notifier.js';
import { manualClock, sequentialIds, type ManualClock } from '../storage/testing/determinism.js';
import { KeyAuthenticator, type KeyAuthenticatorOptions } from './key-authenticator.js';
import { generateKey, hashKey } from './key-material.js';

const secret = 'test-secret-'.padEnd(64, 'x');

/** A store that counts lookups and can hold one back or fail it, to observe the cache from outside. */
class ObservedStore implements KeysStore {
  lookups = 0;
  failNext: Error | undefined;
  hold: Promise<void> | undefined;

  constructor(readonly inner: KeysStore) {}

  create: KeysStore['create'] = (newKey) => this.inner.create(newKey);
  get: KeysStore['get'] = (id, organizationId) => this.inner.get(id, organizationId);
  list: KeysStore['list'] = (options) => this.inner.list(options);
  revoke: KeysStore['revoke'] = (id, organizationId, at) => this.inner.revoke(id, organizationId, at);
  revokedSince: KeysStore['revokedSince'] = (since) => this.inner.revokedSince(since);

  async findByPrefix(prefix: string): Promise<KeyRecord[]> {
    this.lookups += 1;
    const rows = await this.inner.findByPrefix(prefix);
    if (this.hold !== undefined) await this.hold;
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    return rows;
  }
}

async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('KeyAuthenticator', () => {
  let time: ManualClock;
  let store: ObservedStore;
  let hub: MemoryHub;
  let authenticator: KeyAuthenticator;

  function replica(overrides: Partial<KeyAuthenticatorOptions> = {}): KeyAuthenticator {
    return new KeyAuthenticator({
      store,
      secret,
      notifier: new MemoryNotifier({ hub }),
      clock: time.clock,
      ...overrides,
    });
  }

  beforeEach(async () => {
    time = manualClock();
    store = new ObservedStore(new MemoryKeysStore({ clock: time.clock, newId: sequentialIds() }));
    hub = new MemoryHub();
    authenticator = replica();
    await authenticator.start();
  });

  it('creates a key shown once: only its prefix and HMAC are stored', async () => {
    const { key, record } = await authenticator.createKey({
      name: 'ci',
      kind: 'virtual',
      scope: { teamId: 'platform' },
      metadata: { owner: 'ana' },
    });
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({
      kind: 'virtual',
      name: 'ci',
      prefix: key.slice(0, 12),
      hash: hashKey(key, secret),
      scope: { organizationId: 'default', teamId: 'platform', projectId: null },
      metadata: { owner: 'ana' },
    });
    expect(JSON.stringify(await store.inner.list({ organizationId: 'default' }))).not.toContain(
      key.slice(12),
    );
  });

  it('authenticates a valid key to a frozen principal', async () => {
    const { key, record } = await authenticator.createKey({
      name: 'admin',
      kind: 'admin',
      scope: { projectId: 'p' },
    });
    const principal = await authenticator.authenticate(key);
    expect(principal).toEqual({
      keyId: record.id,
      name: 'admin',
      kind: 'admin',
      scope: { organizationId: 'default', teamId: null, projectId: 'p' },
    });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal?.scope)).toBe(true);
  });

  it('rejects malformed keys without touching the store', async () => {
    const hostile: unknown[] = [
      undefined,
      null,
      42,
      {},
      '',
      'Bearer sy-abc',
      'sk-' + 'a'.repeat(43),
      'sy-' + 'a'.repeat(10_000),
    ];
    for (const value of hostile) expect(await authenticator.authenticate(value)).toBeUndefined();
    expect(store.lookups).toBe(0);
  });

  it('rejects a key that shares a real key’s prefix but not its secret part', async () => {
    const { key } = await authenticator.createKey({ name: 'real', kind: 'virtual' });
    const forged = key.slice(0, 12) + (key[12] === 'A' ? 'B' : 'A') + key.slice(13);
    expect(await authenticator.authenticate(forged)).toBeUndefined();
    expect(store.lookups).toBe(1);
  });

  it('serves repeat checks from the cache until the TTL, then asks the store again', async () => {
    const { key } = await authenticator.createKey({ name: 'hot', kind: 'virtual' });
    await authenticator.authenticate(key);
    await authenticator.authenticate(key);
    time.advance(29_999);
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(store.lookups).toBe(1);
    time.advance(1);
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(store.lookups).toBe(2);
  });

  it('keys its cache by the HMAC, never by the raw key', async () => {
    const { key } = await authenticator.createKey({ name: 'hot', kind: 'virtual' });
    await authenticator.authenticate(key);
    const unknown = generateKey('virtual');
    await authenticator.authenticate(unknown);
    const dump = inspect(authenticator, { depth: 10, maxArrayLength: null, maxStringLength: null });
    expect(dump).toContain(hashKey(key, secret));
    expect(dump).not.toContain(key.slice(3));
    expect(dump).not.toContain(unknown.slice(3));
  });

  it('remembers an unknown key briefly, then looks again', async () => {
    const unknown = generateKey('virtual');
    expect(await authenticator.authenticate(unknown)).toBeUndefined();
    expect(await authenticator.authenticate(unknown)).toBeUndefined();
    expect(store.lookups).toBe(1);
    time.advance(2_000);
    expect(await authenticator.authenticate(unknown)).toBeUndefined();
    expect(store.lookups).toBe(2);
  });

  it('bounds the memory spent on unknown keys', async () => {
    const small = replica({ maxCachedMisses: 5 });
    const first = generateKey('virtual');
    await small.authenticate(first);
    for (let index = 0; index < 50; index += 1) await small.authenticate(generateKey('virtual'));
    const before = store.lookups;
    await small.authenticate(first);
    expect(store.lookups).toBe(before + 1);
  });

  it('asks the store once for many simultaneous checks of one new key', async () => {
    const { key } = await authenticator.createKey({ name: 'burst', kind: 'virtual' });
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(key)));
    expect(results.every((principal) => principal?.name === 'burst')).toBe(true);
    expect(store.lookups).toBe(1);
  });

  it('accepts a key imported after it was remembered as unknown, at once', async () => {
    const token = generateKey('admin');
    expect(await authenticator.authenticate(token)).toBeUndefined();
    await authenticator.importKey(token, { name: 'operator' });
    expect((await authenticator.authenticate(token))?.name).toBe('operator');
  });

  it('rejects an expired key even while it is cached', async () => {
    const expiresAt = new Date(time.clock().getTime() + 10_000);
    const { key } = await authenticator.createKey({ name: 'short-lived', kind: 'virtual', expiresAt });
    expect(await authenticator.authenticate(key)).toBeDefined();
    time.advance(9_999);
    expect(await authenticator.authenticate(key)).toBeDefined();
    time.advance(1);
    expect(await authenticator.authenticate(key)).toBeUndefined();
  });

  it('refuses to create a key that is already expired, or an import of the wrong kind', async () => {
    const past = new Date(time.clock().getTime() - 1);
    const expired = authenticator.createKey({ name: 'late', kind: 'virtual', expiresAt: past });
    await expect(expired).rejects.toSatisfy(
      (error) => isGatewayError(error) && error.code === 'invalid_request',
    );
    await expect(
      authenticator.importKey(generateKey('virtual'), { name: 'x', kind: 'admin' }),
    ).rejects.toThrow(/wrong shape/);
    await expect(authenticator.importKey('sya-short', { name: 'x' })).rejects.toThrow(/wrong shape/);
  });

  it('revokes at once on this replica, only once, and only within the organisation', async () => {
    const { key, record } = await authenticator.createKey({ name: 'doomed', kind: 'virtual' });
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(await authenticator.revoke(record.id, 'acme')).toBe(false);
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(await authenticator.revoke(record.id, 'default')).toBe(true);
    expect(await authenticator.authenticate(key)).toBeUndefined();
    expect(await authenticator.revoke(record.id, 'default')).toBe(false);
  });

  it('makes other replicas forget a revoked key at once through the notifier', async () => {
    const other = replica();
    await other.start();
    const deaf = replica();
    const { key, record } = await authenticator.createKey({ name: 'shared', kind: 'virtual' });
    expect(await other.authenticate(key)).toBeDefined();
    expect(await deaf.authenticate(key)).toBeDefined();

    await authenticator.revoke(record.id, 'default');
    await settle();
    expect(await other.authenticate(key)).toBeUndefined();
    // A replica that never subscribed trusts its cache until the TTL: the notifier is what made the difference.
    expect(await deaf.authenticate(key)).toBeDefined();
    time.advance(30_000);
    expect(await deaf.authenticate(key)).toBeUndefined();
  });

  it('forgets a key revoked elsewhere whose message it never heard, by polling the store', async () => {
    const polling = replica({ notifier: new MemoryNotifier({ hub: new MemoryHub() }), revocationPollMs: 5 });
    await polling.start();
    try {
      const { key, record } = await authenticator.createKey({ name: 'lost message', kind: 'virtual' });
      expect(await polling.authenticate(key)).toBeDefined();
      await authenticator.revoke(record.id, 'default');
      await expect.poll(() => polling.authenticate(key)).toBeUndefined();
    } finally {
      await polling.close();
    }
  });

  it('stops listening after close', async () => {
    const other = replica();
    await other.start();
    await other.close();
    await other.close();
    const { key, record } = await authenticator.createKey({ name: 'k', kind: 'virtual' });
    await other.authenticate(key);
    await authenticator.revoke(record.id, 'default');
    await settle();
    expect(await other.authenticate(key)).toBeDefined();
  });

  it('does not cache an answer from a lookup that a revocation overtook', async () => {
    const { key, record } = await authenticator.createKey({ name: 'racy', kind: 'virtual' });
    let release: () => void = () => undefined;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    const checking = authenticator.authenticate(key);
    await settle();
    store.hold = undefined;
    await authenticator.revoke(record.id, 'default');
    release();
    expect(await checking).toBeDefined();
    expect(await authenticator.authenticate(key)).toBeUndefined();
  });

  it('ignores malformed notifier messages', async () => {
    const { key } = await authenticator.createKey({ name: 'steady', kind: 'virtual' });
    await authenticator.authenticate(key);
    const outsider = new MemoryNotifier({ hub });
    for (const message of [
      'not json',
      'null',
      '[]',
      '42',
      '{"type":"key-revoked","keyId":5}',
      '{"type":"other"}',
    ]) {
      await outsider.publish('keys', message);
    }
    await settle();
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(store.lookups).toBe(1);
  });

  it('answers a revoke while the notifier hangs, and announces it once the notifier answers', async () => {
    let answer: () => void = () => undefined;
    const sent: string[] = [];
    const stalled: Notifier = {
      publish: (_channel, message) =>
        new Promise<void>((resolve) => {
          answer = () => {
            sent.push(message);
            resolve();
          };
        }),
      subscribe: async () => async () => undefined,
      close: async () => undefined,
    };
    const revoker = replica({ notifier: stalled });
    const { record } = await revoker.createKey({ name: 'k', kind: 'virtual' });
    expect(await revoker.revoke(record.id, 'default')).toBe(true);
    expect(sent).toEqual([]);
    answer();
    await revoker.close();
    expect(sent).toEqual([JSON.stringify({ type: 'key-revoked', keyId: record.id })]);
  });

  it('still revokes when the announcement fails, and reports it', async () => {
    const failures: unknown[] = [];
    const broken: Notifier = {
      publish: () => Promise.reject(new Error('redis down')),
      subscribe: async () => async () => undefined,
      close: async () => undefined,
    };
    const lonely = replica({ notifier: broken, onNotifyError: (error) => failures.push(error) });
    const { key, record } = await lonely.createKey({ name: 'k', kind: 'virtual' });
    await lonely.authenticate(key);
    expect(await lonely.revoke(record.id, 'default')).toBe(true);
    expect(await lonely.authenticate(key)).toBeUndefined();
    // Announced in the background, retried, then reported; close waits for it.
    await lonely.close();
    expect(failures).toEqual([new Error('redis down')]);
  });

  it('turns a store failure into a retryable 503 and caches nothing from it', async () => {
    const { key } = await authenticator.createKey({ name: 'k', kind: 'virtual' });
    const cause = new Error('database unavailable');
    store.failNext = cause;
    const failure: unknown = await authenticator.authenticate(key).catch((error: unknown) => error);
    expect(isGatewayError(failure) && failure).toMatchObject({
      code: 'unavailable',
      status: 503,
      retryable: true,
      retryAfterSeconds: 1,
      cause,
    });
    expect(await authenticator.authenticate(key)).toBeDefined();
  });

  it('refuses a weak secret', () => {
    expect(() => replica({ secret: 'short' })).toThrow(/at least 32 characters/);
  });
});
