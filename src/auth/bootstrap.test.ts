import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeysStore } from '../storage/memory/memory-keys-store.js';
import { MemoryNotifier } from '../storage/memory/memory-notifier.js';
import { manualClock, sequentialIds } from '../storage/testing/determinism.js';
import { ensureFirstCredentials } from './bootstrap.js';
import { KeyAuthenticator } from './key-authenticator.js';
import { generateKey, hashKey } from './key-material.js';

const secret = 'bootstrap-secret-'.padEnd(64, 'x');

describe('ensureFirstCredentials', () => {
  let store: MemoryKeysStore;
  let authenticator: KeyAuthenticator;

  beforeEach(() => {
    const time = manualClock();
    store = new MemoryKeysStore({ clock: time.clock, newId: sequentialIds() });
    authenticator = new KeyAuthenticator({
      store,
      secret,
      notifier: new MemoryNotifier(),
      clock: time.clock,
    });
  });

  it('creates one admin token and one virtual key on an empty store, and both work', async () => {
    const first = await ensureFirstCredentials(authenticator, { environment: {} });
    expect(first.environmentToken).toBe('absent');
    expect(first.adminToken).toMatch(/^sya-[A-Za-z0-9_-]{43}$/);
    expect(first.virtualKey).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect((await authenticator.authenticate(first.adminToken))?.kind).toBe('admin');
    expect((await authenticator.authenticate(first.virtualKey))?.kind).toBe('virtual');
    expect(await store.list({ organizationId: 'default' })).toEqual(first.created);
  });

  it('creates nothing on later starts, even when every key was revoked', async () => {
    const first = await ensureFirstCredentials(authenticator, { environment: {} });
    expect(await ensureFirstCredentials(authenticator, { environment: {} })).toEqual({
      created: [],
      environmentToken: 'absent',
      rotatedOut: [],
    });
    for (const record of first.created) await authenticator.revoke(record.id, 'default');
    const again = await ensureFirstCredentials(authenticator, { environment: {} });
    expect(again.adminToken).toBeUndefined();
    expect(again.virtualKey).toBeUndefined();
    expect(await store.list({ organizationId: 'default', includeRevoked: true })).toHaveLength(2);
  });

  it('registers SWITCHYARD_ADMIN_TOKEN by its HMAC only, instead of generating an admin token', async () => {
    const token = generateKey('admin');
    const first = await ensureFirstCredentials(authenticator, {
      environment: { SWITCHYARD_ADMIN_TOKEN: token },
    });
    expect(first.environmentToken).toBe('registered');
    expect(first.adminToken).toBeUndefined();
    expect(first.virtualKey).toBeDefined();
    expect((await authenticator.authenticate(token))?.kind).toBe('admin');
    const rows = await store.list({ organizationId: 'default', kind: 'admin' });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.hash).toBe(hashKey(token, secret));
    expect(JSON.stringify(rows)).not.toContain(token.slice(12));
  });

  it('accepts a token with a trailing newline (as from a file) and registers it once across restarts', async () => {
    const token = generateKey('admin');
    await ensureFirstCredentials(authenticator, { environment: { SWITCHYARD_ADMIN_TOKEN: `${token}\n` } });
    const again = await ensureFirstCredentials(authenticator, {
      environment: { SWITCHYARD_ADMIN_TOKEN: token },
    });
    expect(again.environmentToken).toBe('existing');
    expect(await store.list({ organizationId: 'default', kind: 'admin', includeRevoked: true })).toHaveLength(
      1,
    );
  });

  it('rotates: a new SWITCHYARD_ADMIN_TOKEN revokes the one the variable held before', async () => {
    const old = generateKey('admin');
    const next = generateKey('admin');
    await ensureFirstCredentials(authenticator, { environment: { SWITCHYARD_ADMIN_TOKEN: old } });
    const generated = await authenticator.createKey({ name: 'made through the API', kind: 'admin' });
    const rotated = await ensureFirstCredentials(authenticator, {
      environment: { SWITCHYARD_ADMIN_TOKEN: next },
    });
    expect(rotated.environmentToken).toBe('registered');
    expect(rotated.rotatedOut.map((row) => row.name)).toEqual(['SWITCHYARD_ADMIN_TOKEN']);
    expect(await authenticator.authenticate(old)).toBeUndefined();
    expect(await authenticator.authenticate(next)).toBeDefined();
    expect(await authenticator.authenticate(generated.key)).toBeDefined();
  });

  it('does not bring back an environment token that was revoked through the API', async () => {
    const token = generateKey('admin');
    await ensureFirstCredentials(authenticator, { environment: { SWITCHYARD_ADMIN_TOKEN: token } });
    const record = await authenticator.findRecord(token);
    await authenticator.revoke(record!.id, 'default');
    const again = await ensureFirstCredentials(authenticator, {
      environment: { SWITCHYARD_ADMIN_TOKEN: token },
    });
    expect(again.environmentToken).toBe('revoked');
    expect(await authenticator.authenticate(token)).toBeUndefined();
  });

  it.each([
    ['a virtual key', () => generateKey('virtual')],
    ['a short password', () => 'hunter2'],
    ['a token of the wrong length', () => `sya-${'a'.repeat(40)}`],
  ])('refuses %s as SWITCHYARD_ADMIN_TOKEN with a hint, creating nothing', async (_label, make) => {
    await expect(
      ensureFirstCredentials(authenticator, { environment: { SWITCHYARD_ADMIN_TOKEN: make() } }),
    ).rejects.toThrow(/SWITCHYARD_ADMIN_TOKEN must be 'sya-' followed by 43 base64url characters/);
    expect(await store.list({ organizationId: 'default', includeRevoked: true })).toEqual([]);
  });

  it('treats an empty SWITCHYARD_ADMIN_TOKEN as unset', async () => {
    const first = await ensureFirstCredentials(authenticator, {
      environment: { SWITCHYARD_ADMIN_TOKEN: ' ' },
    });
    expect(first.environmentToken).toBe('absent');
    expect(first.adminToken).toBeDefined();
  });
});
