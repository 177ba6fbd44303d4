// First-start credentials: on an empty store, one admin token and one virtual key for the caller
// to print once; and the operator's SWITCHYARD_ADMIN_TOKEN, registered by its HMAC only.
// Prints nothing itself and never logs a raw key.

import { defaultOrganizationId, type KeyRecord } from '../storage/keys-store.js';
import { isStorageError } from '../storage/storage-error.js';
import type { KeyAuthenticator } from './key-authenticator.js';
import { keyKindOf } from './key-material.js';

export interface BootstrapOptions {
  /** Defaults to process.env. */
  environment?: Record<string, string | undefined>;
}

export interface FirstCredentials {
  /** Raw keys created now because the store was empty: show them to the operator once. */
  adminToken?: string;
  virtualKey?: string;
  /** The stored rows of the keys created now. */
  created: KeyRecord[];
  /**
   * What became of SWITCHYARD_ADMIN_TOKEN: absent (not set), registered (new), existing (already
   * known), revoked (known but revoked through the admin API: it will not be accepted).
   */
  environmentToken: 'absent' | 'registered' | 'existing' | 'revoked';
  /** Earlier environment tokens revoked because the variable now holds a different one. */
  rotatedOut: KeyRecord[];
}

const environmentSource = 'environment';

export const adminTokenHint =
  "SWITCHYARD_ADMIN_TOKEN must be 'sya-' followed by 43 base64url characters; generate one with: " +
  `node -e "console.log('sya-' + require('crypto').randomBytes(32).toString('base64url'))"`;

export async function ensureFirstCredentials(
  authenticator: KeyAuthenticator,
  options: BootstrapOptions = {},
): Promise<FirstCredentials> {
  const existing = await authenticator.store.list({
    organizationId: defaultOrganizationId,
    includeRevoked: true,
  });
  const token = (options.environment ?? process.env).SWITCHYARD_ADMIN_TOKEN?.trim();
  const result: FirstCredentials = { created: [], environmentToken: 'absent', rotatedOut: [] };

  if (token !== undefined && token !== '') {
    if (keyKindOf(token) !== 'admin') throw new Error(adminTokenHint);
    const { status, record } = await registerEnvironmentToken(authenticator, token);
    result.environmentToken = status;
    result.rotatedOut = await revokeOlderEnvironmentTokens(authenticator, existing, record.id);
  }

  // Revoked rows count: a store whose keys were all revoked is not a first start.
  if (existing.length === 0) {
    const virtualKey = await authenticator.createKey({ name: 'first virtual key', kind: 'virtual' });
    result.virtualKey = virtualKey.key;
    result.created.push(virtualKey.record);
    if (result.environmentToken === 'absent') {
      const adminToken = await authenticator.createKey({ name: 'first admin token', kind: 'admin' });
      result.adminToken = adminToken.key;
      result.created.push(adminToken.record);
    }
  }
  return result;
}

async function registerEnvironmentToken(
  authenticator: KeyAuthenticator,
  token: string,
): Promise<{ status: 'registered' | 'existing' | 'revoked'; record: KeyRecord }> {
  const known = await authenticator.findRecord(token);
  if (known !== undefined)
    return { status: known.revokedAt === null ? 'existing' : 'revoked', record: known };
  try {
    const record = await authenticator.importKey(token, {
      name: 'SWITCHYARD_ADMIN_TOKEN',
      kind: 'admin',
      metadata: { source: environmentSource },
    });
    return { status: 'registered', record };
  } catch (error) {
    // Another replica registered the same token between our lookup and our insert.
    const raced =
      isStorageError(error) && error.code === 'conflict' ? await authenticator.findRecord(token) : undefined;
    if (raced === undefined) throw error;
    return { status: raced.revokedAt === null ? 'existing' : 'revoked', record: raced };
  }
}

/** Changing the variable rotates the token: the one it held before stops working. */
async function revokeOlderEnvironmentTokens(
  authenticator: KeyAuthenticator,
  existing: readonly KeyRecord[],
  currentId: string,
): Promise<KeyRecord[]> {
  const older = existing.filter(
    (row) =>
      row.kind === 'admin' &&
      row.metadata.source === environmentSource &&
      row.revokedAt === null &&
      row.id !== currentId,
  );
  for (const row of older) await authenticator.revoke(row.id, row.scope.organizationId);
  return older;
}
