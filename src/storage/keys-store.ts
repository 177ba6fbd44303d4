// The KeysStore capability: rows of virtual keys and admin tokens, by hash and prefix, never the raw
// key. Every backend implements this interface and passes keys-store.case.ts. No HTTP, no crypto here.

import type { Clock } from './clock.js';
import type { IdGenerator } from './id-generator.js';
import { StorageError } from './storage-error.js';

export type KeyKind = 'virtual' | 'admin';

export const keyKinds: readonly KeyKind[] = ['virtual', 'admin'];

export const defaultOrganizationId = 'default';

/** Who a key belongs to: organisation, then optionally a team and a project within it. */
export interface KeyScope {
  organizationId: string;
  teamId: string | null;
  projectId: string | null;
}

export interface KeyRecord {
  id: string;
  kind: KeyKind;
  name: string;
  /** The visible start of the key, for lookup and for showing in lists. */
  prefix: string;
  /** HMAC-SHA256 of the whole key, lowercase hex. */
  hash: string;
  scope: KeyScope;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  metadata: Record<string, unknown>;
}

export interface NewKey {
  kind: KeyKind;
  name: string;
  prefix: string;
  hash: string;
  /** organizationId defaults to 'default'; teamId and projectId to null. */
  scope?: Partial<KeyScope>;
  expiresAt?: Date | null;
  metadata?: Record<string, unknown>;
}

export interface ListKeysOptions {
  organizationId: string;
  kind?: KeyKind;
  /** Revoked rows are left out unless this is true. */
  includeRevoked?: boolean;
}

/** A revoked key as the revocation poll reads it (auth/revocation-poll.ts). */
export interface RevokedKey {
  id: string;
  revokedAt: Date;
}

export interface KeysStore {
  /** Stores a key; throws StorageError 'conflict' when the hash exists, 'invalid-input' on bad fields. */
  create(newKey: NewKey): Promise<KeyRecord>;
  /** Every row with this prefix, revoked and expired ones included (the caller decides). */
  findByPrefix(prefix: string): Promise<KeyRecord[]>;
  get(id: string, organizationId: string): Promise<KeyRecord | undefined>;
  /** The organisation's rows, oldest first; never another organisation's. */
  list(options: ListKeysOptions): Promise<KeyRecord[]>;
  /** False when the id is unknown, belongs to another organisation, or is already revoked. */
  revoke(id: string, organizationId: string, at: Date): Promise<boolean>;
  /** Keys of every organisation revoked at or after `since`, oldest revocation first (an indexed read). */
  revokedSince(since: Date): Promise<RevokedKey[]>;
}

/** What every backend's constructor accepts so tests are deterministic. */
export interface KeysStoreOptions {
  clock?: Clock;
  newId?: IdGenerator;
}

const hashPattern = /^[0-9a-f]{64}$/;
const maxTextLength = 200;
/** The most a key's metadata may take, as JSON. */
export const maxMetadataBytes = 16 * 1024;

/**
 * Checks a NewKey and fills its defaults, so every backend accepts and rejects exactly the same
 * input and stores the same normalised row.
 */
export function toKeyRecord(newKey: NewKey, id: string, createdAt: Date): KeyRecord {
  if (!keyKinds.includes(newKey.kind)) invalid(`kind must be one of ${keyKinds.join(', ')}`);
  const scope = newKey.scope ?? {};
  return {
    id,
    kind: newKey.kind,
    name: requireText(newKey.name, 'name'),
    prefix: requireText(newKey.prefix, 'prefix'),
    hash: requireHash(newKey.hash),
    scope: {
      organizationId: requireText(scope.organizationId ?? defaultOrganizationId, 'scope.organizationId'),
      teamId: optionalText(scope.teamId, 'scope.teamId'),
      projectId: optionalText(scope.projectId, 'scope.projectId'),
    },
    createdAt,
    expiresAt: optionalDate(newKey.expiresAt, 'expiresAt'),
    revokedAt: null,
    metadata: normalizeMetadata(newKey.metadata),
  };
}

function invalid(message: string): never {
  throw new StorageError('invalid-input', message);
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(`${field} must be a non-empty string`);
  if (value.length > maxTextLength) invalid(`${field} must be at most ${maxTextLength} characters`);
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field);
}

function requireHash(value: unknown): string {
  if (typeof value !== 'string' || !hashPattern.test(value))
    invalid('hash must be 64 lowercase hex characters');
  return value;
}

function optionalDate(value: unknown, field: string): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(`${field} must be a valid Date`);
  return new Date(value.getTime());
}

/** A JSON round trip, so every backend hands back the same shape (no undefined, no class instances). */
function normalizeMetadata(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  const prototype: unknown =
    value === null || typeof value !== 'object' ? undefined : Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) invalid('metadata must be a plain JSON object');
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StorageError('invalid-input', 'metadata must be serialisable as JSON', { cause: error });
  }
  if (Buffer.byteLength(text) > maxMetadataBytes)
    invalid(`metadata must be at most ${maxMetadataBytes} bytes of JSON`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A deep copy, so callers can never mutate what a store (or a cache) keeps. */
export function copyKeyRecord(record: KeyRecord): KeyRecord {
  return {
    ...record,
    scope: { ...record.scope },
    createdAt: new Date(record.createdAt.getTime()),
    expiresAt: record.expiresAt === null ? null : new Date(record.expiresAt.getTime()),
    revokedAt: record.revokedAt === null ? null : new Date(record.revokedAt.getTime()),
    metadata: structuredClone(record.metadata),
  };
}

/** Oldest first, then by id, the order every backend's list() returns. */
export function compareKeyRecords(left: KeyRecord, right: KeyRecord): number {
  const byTime = left.createdAt.getTime() - right.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
