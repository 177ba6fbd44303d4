// The KeysStore conformance suite: every backend that claims KeysStore registers these tests with
// its own factory, so memory, SQLite and Postgres are held to one contract. Test support only.

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyRecord, KeysStore, NewKey } from './keys-store.js';
import { isStorageError } from './storage-error.js';
import { manualClock, sequentialIds, type ManualClock } from './testing/determinism.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';

export interface KeysStoreHarness {
  store: KeysStore;
  close?(): Promise<void>;
}

/** Opens an empty store that uses the given clock and id generator. */
export type KeysStoreFactory = (options: { clock: Clock; newId: IdGenerator }) => Promise<KeysStoreHarness>;

function fakeHash(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function newKey(seed: string, overrides: Partial<NewKey> = {}): NewKey {
  return {
    kind: 'virtual',
    name: `key ${seed}`,
    prefix: `sy-${seed}`.slice(0, 12),
    hash: fakeHash(seed),
    ...overrides,
  };
}

async function expectStorageError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isStorageError(error), `expected a StorageError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

export function keysStoreCase(backend: string, factory: KeysStoreFactory): void {
  describe(`KeysStore conformance: ${backend}`, () => {
    let time: ManualClock;
    let harness: KeysStoreHarness;
    let store: KeysStore;

    beforeEach(async () => {
      time = manualClock(new Date('2025-03-04T05:06:07.089Z'));
      harness = await factory({ clock: time.clock, newId: sequentialIds() });
      store = harness.store;
    });

    afterEach(async () => {
      await harness.close?.();
    });

    it('creates a row with the injected id and time and the documented defaults', async () => {
      const record = await store.create(newKey('alpha'));
      expect(record).toEqual({
        id: '00000000-0000-4000-8000-000000000001',
        kind: 'virtual',
        name: 'key alpha',
        prefix: 'sy-alpha',
        hash: fakeHash('alpha'),
        scope: { organizationId: 'default', teamId: null, projectId: null },
        createdAt: new Date('2025-03-04T05:06:07.089Z'),
        expiresAt: null,
        revokedAt: null,
        metadata: {},
      } satisfies KeyRecord);
      expect(await store.get(record.id, 'default')).toEqual(record);
    });

    it('keeps scope, expiry (to the millisecond) and nested metadata through a round trip', async () => {
      const metadata = {
        owner: 'ünïcödé ✓',
        limits: { rpm: 60, models: ['a', 'b'] },
        flag: true,
        none: null,
      };
      const created = await store.create(
        newKey('beta', {
          kind: 'admin',
          scope: { organizationId: 'acme', teamId: 'team-1', projectId: 'project-9' },
          expiresAt: new Date('2026-01-02T03:04:05.678Z'),
          metadata,
        }),
      );
      const fetched = await store.get(created.id, 'acme');
      expect(fetched).toEqual(created);
      expect(fetched?.scope).toEqual({ organizationId: 'acme', teamId: 'team-1', projectId: 'project-9' });
      expect(fetched?.expiresAt?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
      expect(fetched?.metadata).toEqual(metadata);
    });

    it('drops undefined values from metadata the way JSON does', async () => {
      const record = await store.create(newKey('gamma', { metadata: { kept: 1, dropped: undefined } }));
      expect((await store.get(record.id, 'default'))?.metadata).toEqual({ kept: 1 });
      expect(Object.keys(record.metadata)).toEqual(['kept']);
    });

    it('rejects a second row with the same hash and keeps the first', async () => {
      const first = await store.create(newKey('delta'));
      await expectStorageError(
        store.create(newKey('delta', { name: 'impostor', prefix: 'sy-other' })),
        'conflict',
      );
      expect(await store.findByPrefix('sy-other')).toEqual([]);
      expect(await store.list({ organizationId: 'default' })).toEqual([first]);
    });

    const invalidKeys: Array<[string, Partial<Record<keyof NewKey, unknown>>]> = [
      ['an unknown kind', { kind: 'root' }],
      ['an empty name', { name: '  ' }],
      ['a name that is not a string', { name: 42 }],
      ['an overlong name', { name: 'x'.repeat(201) }],
      ['an empty prefix', { prefix: '' }],
      ['an uppercase hash', { hash: fakeHash('upper').toUpperCase() }],
      ['a short hash', { hash: 'abc123' }],
      ['an empty organization', { scope: { organizationId: '' } }],
      ['a numeric team', { scope: { teamId: 7 } }],
      ['an invalid expiry date', { expiresAt: new Date(Number.NaN) }],
      ['an expiry that is not a Date', { expiresAt: '2026-01-01' }],
      ['array metadata', { metadata: ['a'] }],
      ['null metadata', { metadata: null }],
      ['class-instance metadata', { metadata: new Map([['a', 1]]) }],
      ['oversized metadata', { metadata: { blob: 'x'.repeat(17 * 1024) } }],
    ];
    for (const [label, overrides] of invalidKeys) {
      it(`rejects ${label} and stores nothing`, async () => {
        await expectStorageError(store.create({ ...newKey('bad'), ...overrides } as NewKey), 'invalid-input');
        expect(await store.findByPrefix('sy-bad')).toEqual([]);
      });
    }

    it('rejects metadata that cannot be serialised (a cycle)', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expectStorageError(store.create(newKey('cycle', { metadata: cyclic })), 'invalid-input');
    });

    it('finds every row with an exact prefix, revoked ones included, and nothing by pattern', async () => {
      const first = await store.create(newKey('one', { prefix: 'sy-shared' }));
      time.advance(1000);
      const second = await store.create(newKey('two', { prefix: 'sy-shared' }));
      await store.create(newKey('three', { prefix: 'sy-shared2' }));
      expect(await store.revoke(first.id, 'default', time.clock())).toBe(true);

      const found = await store.findByPrefix('sy-shared');
      expect(found.map((row) => row.id)).toEqual([first.id, second.id]);
      expect(found[0]?.revokedAt).toEqual(time.clock());
      for (const pattern of ['sy-%', 'sy-shared_', '%', '', 'SY-SHARED', "sy-shared' OR '1'='1"]) {
        expect(await store.findByPrefix(pattern), pattern).toEqual([]);
      }
    });

    it('gets nothing for an unknown, malformed or other-organisation id', async () => {
      const record = await store.create(newKey('epsilon', { scope: { organizationId: 'acme' } }));
      expect(await store.get(record.id, 'default')).toBeUndefined();
      expect(await store.get(record.id, 'ACME')).toBeUndefined();
      expect(await store.get('00000000-0000-4000-8000-999999999999', 'acme')).toBeUndefined();
      for (const hostile of ['', 'not-a-uuid', "' OR 1=1 --", `${record.id} `]) {
        expect(await store.get(hostile, 'acme'), hostile).toBeUndefined();
      }
    });

    it("lists one organisation's rows oldest first, filtered by kind, revoked only on request", async () => {
      const virtualKey = await store.create(newKey('v1'));
      time.advance(10);
      const adminToken = await store.create(newKey('a1', { kind: 'admin' }));
      time.advance(10);
      const revoked = await store.create(newKey('v2'));
      await store.create(newKey('other', { scope: { organizationId: 'acme' } }));
      await store.revoke(revoked.id, 'default', time.clock());

      const ids = (rows: KeyRecord[]) => rows.map((row) => row.id);
      expect(ids(await store.list({ organizationId: 'default' }))).toEqual([virtualKey.id, adminToken.id]);
      expect(ids(await store.list({ organizationId: 'default', kind: 'virtual' }))).toEqual([virtualKey.id]);
      expect(ids(await store.list({ organizationId: 'default', kind: 'admin' }))).toEqual([adminToken.id]);
      expect(ids(await store.list({ organizationId: 'default', includeRevoked: true }))).toEqual([
        virtualKey.id,
        adminToken.id,
        revoked.id,
      ]);
      expect(await store.list({ organizationId: 'nobody' })).toEqual([]);
      const acme = await store.list({ organizationId: 'acme', includeRevoked: true });
      expect(acme.map((row) => row.scope.organizationId)).toEqual(['acme']);
    });

    it('orders rows created in the same millisecond by id', async () => {
      const first = await store.create(newKey('same1'));
      const second = await store.create(newKey('same2'));
      expect((await store.list({ organizationId: 'default' })).map((row) => row.id)).toEqual([
        first.id,
        second.id,
      ]);
    });

    it('revokes once, records the time, and refuses a second revoke or another organisation', async () => {
      const record = await store.create(newKey('zeta'));
      time.advance(5000);
      const at = time.clock();
      expect(await store.revoke(record.id, 'acme', at)).toBe(false);
      expect((await store.get(record.id, 'default'))?.revokedAt).toBeNull();

      expect(await store.revoke(record.id, 'default', at)).toBe(true);
      expect(await store.revoke(record.id, 'default', new Date(at.getTime() + 1))).toBe(false);
      expect((await store.get(record.id, 'default'))?.revokedAt).toEqual(at);
      expect(await store.revoke('00000000-0000-4000-8000-999999999999', 'default', at)).toBe(false);
      expect(await store.revoke('not-a-uuid', 'default', at)).toBe(false);
    });

    it('lists keys of every organisation revoked since a time, oldest revocation first', async () => {
      const early = await store.create(newKey('theta'));
      const late = await store.create(newKey('iota', { scope: { organizationId: 'acme' } }));
      const kept = await store.create(newKey('kappa'));
      const first = time.clock();
      expect(await store.revoke(early.id, 'default', first)).toBe(true);
      time.advance(2000);
      const second = time.clock();
      expect(await store.revoke(late.id, 'acme', second)).toBe(true);
      expect(await store.revokedSince(first)).toEqual([
        { id: early.id, revokedAt: first },
        { id: late.id, revokedAt: second },
      ]);
      expect(await store.revokedSince(new Date(first.getTime() + 1))).toEqual([
        { id: late.id, revokedAt: second },
      ]);
      expect(await store.revokedSince(new Date(second.getTime() + 1))).toEqual([]);
      expect((await store.revokedSince(new Date(0))).map((row) => row.id)).not.toContain(kept.id);
    });

    it('hands out copies: changing a returned row changes nothing stored', async () => {
      const created = await store.create(newKey('eta', { metadata: { tier: 'gold' } }));
      created.name = 'mutated';
      created.scope.organizationId = 'acme';
      created.metadata.tier = 'lead';
      const fetched = await store.get(created.id, 'default');
      expect(fetched?.name).toBe('key eta');
      expect(fetched?.metadata).toEqual({ tier: 'gold' });
      fetched!.createdAt.setTime(0);
      expect((await store.findByPrefix('sy-eta'))[0]?.createdAt).toEqual(
        new Date('2025-03-04T05:06:07.089Z'),
      );
    });
  });
}
