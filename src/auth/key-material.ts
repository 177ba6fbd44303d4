// What a key looks like and how it is hashed: generation, shape check, visible prefix and HMAC.
// Pure functions over strings; knows nothing of stores or caches.

import { createHmac, hash, randomBytes, type KeyObject } from 'node:crypto';
import type { KeyKind } from '../storage/keys-store.js';

/** `sy-` for virtual keys (data plane), `sya-` for admin tokens (control plane). */
export const keyMarkers: Readonly<Record<KeyKind, string>> = { virtual: 'sy-', admin: 'sya-' };

/** How many leading characters are stored in clear for lookup and display. */
export const keyPrefixLength = 12;

/** 256 random bits in unpadded base64url is 43 characters. */
const randomBytesPerKey = 32;
const keyPattern = /^(sy|sya)-[A-Za-z0-9_-]{43}$/;

export function generateKey(kind: KeyKind): string {
  return keyMarkers[kind] + randomBytes(randomBytesPerKey).toString('base64url');
}

/** The kind a well-formed key claims, or undefined for anything else (wrong type, length, alphabet). */
export function keyKindOf(key: unknown): KeyKind | undefined {
  // The length test first keeps hostile megabyte-long headers away from the regex.
  if (typeof key !== 'string' || key.length < 46 || key.length > 47) return undefined;
  const match = keyPattern.exec(key);
  if (match === null) return undefined;
  return match[1] === 'sya' ? 'admin' : 'virtual';
}

export function keyPrefix(key: string): string {
  return key.slice(0, keyPrefixLength);
}

/**
 * The in-memory cache key for a presented key: unkeyed SHA-256, one call (about a microsecond,
 * several times cheaper than creating an HMAC), so the cache never holds raw keys. Keys carry 256
 * random bits, so the digest reveals nothing; what is stored is always the HMAC (hashKey).
 */
export function fingerprint(key: string): string {
  return hash('sha256', key, 'base64');
}

/**
 * HMAC-SHA256 of the whole key under the server secret, lowercase hex. A fast keyed hash, not a
 * password hash: see docs/decisions/0002-key-hashing.md. Callers on the hot path pass the secret as
 * a KeyObject made once (createSecretKey), which spares re-importing it on every call.
 */
export function hashKey(key: string, secret: string | KeyObject): string {
  return createHmac('sha256', secret).update(key).digest('hex');
}
