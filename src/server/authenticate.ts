// Data-plane and admin authentication at the edge: read the key from `Authorization: Bearer` or
// `x-api-key` (each SDK sends one of them) and resolve it to a principal.

import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/key-authenticator.js';
import { GatewayError } from '../errors.js';
import type { Gateway } from './gateway.js';

/** The principal used when the config opens the data plane without keys. */
export const anonymousPrincipal: Principal = {
  keyId: 'anonymous',
  name: 'anonymous',
  kind: 'virtual',
  scope: { organizationId: 'default', teamId: null, projectId: null },
};

export function presentedKey(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  // "Bearer" is case-insensitive; slicing beats splitting on the hot path.
  if (
    authorization !== undefined &&
    authorization.length > 7 &&
    authorization.slice(0, 7).toLowerCase() === 'bearer '
  ) {
    const value = authorization.slice(7).trim();
    if (value) return value;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey.trim() : undefined;
}

export async function authenticateData(request: IncomingMessage, gateway: Gateway): Promise<Principal> {
  const key = presentedKey(request);
  if (key === undefined) {
    if (!gateway.configs.current.auth.requireKey) return anonymousPrincipal;
    throw new GatewayError(
      'authentication',
      'Missing API key: send a Switchyard virtual key as `Authorization: Bearer <key>` or `x-api-key`.',
    );
  }
  const principal = await gateway.authenticator.authenticate(key);
  if (principal === undefined) {
    if (!gateway.configs.current.auth.requireKey) return anonymousPrincipal;
    throw new GatewayError('authentication', 'Invalid API key: it is unknown, revoked or expired.');
  }
  if (principal.kind !== 'virtual') {
    throw new GatewayError(
      'permission_denied',
      'An admin token cannot call the data plane; use a virtual key.',
    );
  }
  return principal;
}

export async function authenticateAdmin(request: IncomingMessage, gateway: Gateway): Promise<Principal> {
  const key = presentedKey(request);
  if (key === undefined) throw new GatewayError('authentication', 'Missing admin token.');
  const principal = await gateway.authenticator.authenticate(key);
  if (principal === undefined) throw new GatewayError('authentication', 'Invalid admin token.');
  if (principal.kind !== 'admin') {
    throw new GatewayError('permission_denied', 'This endpoint needs an admin token, not a virtual key.');
  }
  return principal;
}
