// What an upstream error answer (status >= 400) means for the next attempt: the provider's own
// error, made retryable when it was a credential problem another credential can fix (a 401/403
// on one of several keys, or an OAuth token the upstream no longer accepts).

import { withRetryable, type GatewayError } from '../errors.js';
import type { Provider, ProviderSettings } from '../providers/provider.js';
import type { Authorizers } from '../upstream/auth/authorizer.js';
import type { KeyRings } from '../upstream/key-ring.js';

export interface CredentialState {
  authorizers: Authorizers;
  keyRings: KeyRings;
}

export function upstreamFailure(
  provider: Provider,
  status: number,
  headers: Record<string, string>,
  body: string,
  settings: ProviderSettings,
  apiKey: string,
  credentials: CredentialState,
): GatewayError {
  const error = provider.error(status, headers, body);
  if (status !== 401 && status !== 403) return error;
  const authorizer = credentials.authorizers.for(settings);
  if (authorizer?.rejected) {
    // A token revoked or expired early: fetch a fresh one and let the retry policy try again.
    // AWS answers an expired session token with 403 (ExpiredTokenException), which is otherwise
    // a permission problem that fresh credentials will not fix.
    authorizer.rejected();
    if (
      status === 401 ||
      /expired/i.test(headers['x-amzn-errortype'] ?? '') ||
      /token.{0,40}expired/i.test(body)
    ) {
      return withRetryable(error, true);
    }
    return withRetryable(error, false);
  }
  if (apiKey !== '' && credentials.keyRings.reject(settings.name, settings.apiKeys, apiKey)) {
    return withRetryable(error, true);
  }
  // No other credential can help: sending the same one again would fail the same way.
  return withRetryable(error, false);
}
