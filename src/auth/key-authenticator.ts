// Checks presented keys against the KeysStore on the hot path, with an in-memory cache keyed by
// the key's HMAC (never the raw key), and makes revocations take effect at once on every replica
// through the Notifier (and, on a shared store, a poll of revocations that catches a lost message).
// Creates keys too, since only it holds the secret they are hashed under.

import { createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { BackgroundPublisher } from '../storage/background-publisher.js';
import { systemClock, type Clock } from '../storage/clock.js';
import type { KeyKind, KeyRecord, KeyScope, KeysStore } from '../storage/keys-store.js';
import type { Notifier, Unsubscribe } from '../storage/notifier.js';
import { fingerprint, generateKey, hashKey, keyKindOf, keyPrefix } from './key-material.js';
import { toPrincipal, type Principal } from './principal.js';
import { RevocationPoll } from './revocation-poll.js';

export type { Principal } from './principal.js';
import { minimumSecretLength } from './server-secret.js';
import { TtlCache } from './ttl-cache.js';

export interface KeyAuthenticatorOptions {
  store: KeysStore;
  /** The server secret (see server-secret.ts). */
  secret: string;
  notifier: Notifier;
  clock?: Clock;
  /** How long a valid key is trusted without asking the store again; bounds a missed revocation. */
  cacheTtlMs?: number;
  /** How long an unknown key is remembered as unknown. Short: a key created elsewhere must work soon. */
  missTtlMs?: number;
  maxCachedKeys?: number;
  maxCachedMisses?: number;
  /** The Notifier channel revocations travel on. */
  channel?: string;
  /**
   * Called when a revocation could not be announced after its tries; other replicas then catch up
   * by polling, or at the latest within cacheTtlMs.
   */
  onNotifyError?: (error: unknown) => void;
  /**
   * Also read the store's revocations this often (a shared store: Postgres), so a revocation whose
   * message was lost still takes effect here within about this long. Off by default.
   */
  revocationPollMs?: number;
  /** Where a failing revocation poll is reported (once per outage). */
  onPollError?: (error: unknown) => void;
}

export interface NewKeyRequest {
  name: string;
  kind: KeyKind;
  scope?: Partial<KeyScope>;
  expiresAt?: Date | null;
  metadata?: Record<string, unknown>;
}

export interface CreatedKey {
  /** The raw key: shown to its owner once, never stored. */
  key: string;
  record: KeyRecord;
}

/** What a client is told to wait when the key store cannot be reached. */
const keyStoreRetryAfterSeconds = 1;

interface RevocationMessage {
  type: 'key-revoked';
  keyId: string;
}

export class KeyAuthenticator {
  /** The store it checks against; the admin API lists keys through it. */
  readonly store: KeysStore;
  private readonly secret: KeyObject;
  private readonly notifier: Notifier;
  private readonly clock: Clock;
  private readonly cacheTtlMs: number;
  private readonly missTtlMs: number;
  private readonly channel: string;
  private readonly announcer: BackgroundPublisher;
  private readonly hits: TtlCache<Principal>;
  private readonly misses: TtlCache<true>;
  /** One store lookup per digest at a time, however many requests present the same new key. */
  private readonly inflight = new Map<string, Promise<Principal | undefined>>();
  /** Bumped by every change, so a lookup that began before it does not cache a stale answer. */
  private generation = 0;
  private unsubscribe: Unsubscribe | undefined;
  private readonly poll: RevocationPoll | undefined;

  constructor(options: KeyAuthenticatorOptions) {
    if (typeof options.secret !== 'string' || options.secret.length < minimumSecretLength) {
      throw new Error(`the server secret must be at least ${minimumSecretLength} characters`);
    }
    this.store = options.store;
    this.secret = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.notifier = options.notifier;
    this.clock = options.clock ?? systemClock;
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.missTtlMs = options.missTtlMs ?? 2_000;
    this.channel = options.channel ?? 'keys';
    this.announcer = new BackgroundPublisher({
      notifier: this.notifier,
      onError:
        options.onNotifyError ??
        ((error) =>
          console.error('switchyard: could not announce a key revocation to other replicas:', error)),
    });
    this.hits = new TtlCache(options.maxCachedKeys ?? 10_000);
    this.misses = new TtlCache(options.maxCachedMisses ?? 10_000);
    const pollMs = options.revocationPollMs ?? 0;
    this.poll =
      pollMs > 0
        ? new RevocationPoll({
            store: this.store,
            clock: this.clock,
            intervalMs: pollMs,
            onRevoked: (keyId) => this.evict(keyId),
            onError:
              options.onPollError ??
              ((error) => console.error('switchyard: could not read revoked keys (will retry):', error)),
          })
        : undefined;
  }

  /** Listens for revocations made by other replicas, and polls for them when asked to. */
  async start(): Promise<void> {
    this.unsubscribe ??= await this.notifier.subscribe(this.channel, (message) => this.onMessage(message));
    this.poll?.start();
  }

  /** Stops polling and listening, after the announcements under way are sent or given up. */
  async close(): Promise<void> {
    await this.announcer.settled();
    await this.poll?.stop();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
  }

  /** The principal for a valid, unexpired, unrevoked key; undefined for anything else. */
  authenticate(presentedKey: unknown): Promise<Principal | undefined> {
    const kind = keyKindOf(presentedKey);
    if (kind === undefined) return Promise.resolve(undefined);
    const key = presentedKey as string;
    const cacheKey = fingerprint(key);
    // Date.now() when the clock is the system's: a Date per request shows up on the hot path.
    const now = this.clock === systemClock ? Date.now() : this.clock().getTime();
    const hit = this.hits.get(cacheKey, now);
    if (hit !== undefined) return Promise.resolve(hit);
    if (this.misses.get(cacheKey, now) !== undefined) return Promise.resolve(undefined);
    let pending = this.inflight.get(cacheKey);
    if (pending === undefined) {
      pending = this.lookup(key, kind, cacheKey).finally(() => this.inflight.delete(cacheKey));
      this.inflight.set(cacheKey, pending);
    }
    return pending;
  }

  /** The stored row for a raw key, revoked and expired ones included; for bootstrap and admin tools. */
  async findRecord(key: string): Promise<KeyRecord | undefined> {
    const kind = keyKindOf(key);
    if (kind === undefined) return undefined;
    return this.match(await this.store.findByPrefix(keyPrefix(key)), kind, hashKey(key, this.secret));
  }

  async createKey(request: NewKeyRequest): Promise<CreatedKey> {
    const key = generateKey(request.kind);
    return { key, record: await this.importKey(key, request) };
  }

  /** Stores a key someone else generated (an operator's SWITCHYARD_ADMIN_TOKEN); only its HMAC is kept. */
  async importKey(
    key: string,
    request: Omit<NewKeyRequest, 'kind'> & { kind?: KeyKind },
  ): Promise<KeyRecord> {
    const kind = keyKindOf(key);
    if (kind === undefined || (request.kind !== undefined && request.kind !== kind)) {
      throw new GatewayError('invalid_request', `a ${request.kind ?? 'Switchyard'} key has the wrong shape`);
    }
    const expiresAt = request.expiresAt ?? null;
    if (expiresAt !== null && expiresAt.getTime() <= this.clock().getTime()) {
      throw new GatewayError('invalid_request', 'expiresAt must be in the future', { param: 'expires_at' });
    }
    const digest = hashKey(key, this.secret);
    const record = await this.store.create({
      kind,
      name: request.name,
      prefix: keyPrefix(key),
      hash: digest,
      scope: request.scope,
      expiresAt,
      metadata: request.metadata,
    });
    this.generation += 1;
    this.misses.delete(fingerprint(key));
    return record;
  }

  /**
   * Revokes in the store and forgets the key here at once; tells the other replicas in the
   * background, so a stalled notifier never holds up the answer (the poll covers a lost message).
   */
  async revoke(id: string, organizationId: string): Promise<boolean> {
    const revoked = await this.store.revoke(id, organizationId, this.clock());
    this.evict(id);
    if (revoked) {
      const message: RevocationMessage = { type: 'key-revoked', keyId: id };
      this.announcer.publish(this.channel, JSON.stringify(message));
    }
    return revoked;
  }

  private async lookup(key: string, kind: KeyKind, cacheKey: string): Promise<Principal | undefined> {
    const generation = this.generation;
    const record = this.match(await this.findCandidates(key), kind, hashKey(key, this.secret));
    const now = this.clock().getTime();
    const usable = record !== undefined && record.revokedAt === null && !isExpired(record, now);
    const principal = usable ? toPrincipal(record) : undefined;
    if (generation !== this.generation) return principal;
    if (principal === undefined) {
      this.misses.set(cacheKey, true, now + this.missTtlMs);
    } else {
      const expiresAt = record?.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      this.hits.set(cacheKey, principal, Math.min(now + this.cacheTtlMs, expiresAt));
    }
    return principal;
  }

  /**
   * The stored rows a key may be. A store that cannot answer (Postgres away or stalled past its
   * lookup timeout) is a transient outage: 503 with Retry-After, which the official SDKs retry.
   */
  private async findCandidates(key: string): Promise<KeyRecord[]> {
    try {
      return await this.store.findByPrefix(keyPrefix(key));
    } catch (error) {
      throw new GatewayError('unavailable', 'The key store cannot be reached right now; retry shortly.', {
        retryAfterSeconds: keyStoreRetryAfterSeconds,
        cause: error,
      });
    }
  }

  /** Compares every candidate in constant time per comparison; prefixes are public, hashes are not. */
  private match(rows: readonly KeyRecord[], kind: KeyKind, digest: string): KeyRecord | undefined {
    const expected = Buffer.from(digest, 'hex');
    let found: KeyRecord | undefined;
    for (const row of rows) {
      const actual = Buffer.from(row.hash, 'hex');
      if (actual.length === expected.length && timingSafeEqual(actual, expected) && row.kind === kind)
        found = row;
    }
    return found;
  }

  private evict(keyId: string): void {
    this.generation += 1;
    this.hits.deleteWhere((principal) => principal.keyId === keyId);
  }

  private onMessage(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const candidate = parsed as Partial<RevocationMessage> | null;
    if (candidate?.type === 'key-revoked' && typeof candidate.keyId === 'string') this.evict(candidate.keyId);
  }
}

function isExpired(record: KeyRecord, now: number): boolean {
  return record.expiresAt !== null && record.expiresAt.getTime() <= now;
}
