// What an upstream error answer (status >= 400) means for the next attempt: the provider's own
// error, made retryable when it was a credential problem another credential can fix (a 401/403
// on one of several keys, or an OAuth token the upstream no longer accepts).

import { withRetryable, type GatewayError } from '../errors.js';
import type { Provider, ProviderSettings } from '../providers/provider.js';
import type { Authorizers } from '../upstream/auth/authorizer.js';
import type { KeyRings } from '../upstream/key-ring.js';
import { flattenHeaders, readText, type UpstreamResponse } from '../upstream/send.js';

export interface CredentialState {
  authorizers: Authorizers;
  keyRings: KeyRings;
}

export async function upstreamFailure(
  provider: Provider,
  response: UpstreamResponse,
  settings: ProviderSettings,
  apiKey: string,
  credentials: CredentialState,
): Promise<GatewayError> {
  const error = provider.error(response.status, flattenHeaders(response.headers), await readText(response.body));
  if (response.status !== 401 && response.status !== 403) return error;
  const authorizer = credentials.authorizers.for(settings);
  if (authorizer?.rejected && response.status === 401) {
    // A token revoked or expired early: fetch a fresh one and let the retry policy try again.
    authorizer.rejected();
    return withRetryable(error, true);
  }
  if (apiKey !== '' && credentials.keyRings.reject(settings.name, settings.apiKeys, apiKey)) {
    return withRetryable(error, true);
  }
  return error;
}
