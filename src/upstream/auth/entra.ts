// Microsoft Entra ID bearer tokens for Azure OpenAI, by the OAuth2 client-credentials flow: one
// token per deployment, cached, refreshed ahead of expiry, one fetch in flight at a time. Knows
// nothing of providers' wire formats; never puts the client secret in an error or a log line.

import { request as undiciRequest, type Dispatcher } from 'undici';
import type { EntraSettings, UpstreamRequest } from '../../providers/provider.js';
import { GatewayError } from '../../errors.js';
import type { RequestSignal } from '../abort-signal.js';
import type { Authorizer } from './authorizer.js';

export interface EntraOptions {
  /** The deployment's config name, for error messages. */
  name: string;
  now?: () => number;
  /** How long one token request may take. */
  timeoutMs?: number;
  /**
   * The connection pool for a token URL: the gateway passes its outbound pools, so the call honours
   * HTTPS_PROXY/NO_PROXY and outbound.caFile. Default: undici's global dispatcher.
   */
  dispatcherFor?: (url: string) => Dispatcher;
}

interface CachedToken {
  header: string;
  /** Epoch ms after which a new token is fetched in the background while this one still serves. */
  refreshAt: number;
  /** Epoch ms after which this token is never sent. */
  expiresAt: number;
}

/** Refresh this long before expiry at most... */
const maxRefreshMarginMs = 5 * 60_000;
/** ...and at most this share of the token's lifetime, so short-lived tokens are still reused. */
const refreshMarginShare = 0.1;
/** After a failed background refresh, the still-valid token serves this long before another try. */
const retryAfterFailureMs = 10_000;

/**
 * The authorizer for one deployment's Entra ID credentials.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#get-a-token
 */
export class EntraAuthorizer implements Authorizer {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: EntraSettings,
    private readonly options: EntraOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  authorize(request: UpstreamRequest, signal: RequestSignal): Promise<UpstreamRequest> {
    const cached = this.cached;
    const now = this.now();
    if (cached !== undefined && now < cached.expiresAt) {
      // Still valid: send it, and if it is near expiry fetch the next one in the background.
      if (now >= cached.refreshAt) this.refreshInBackground(cached);
      return Promise.resolve(withBearer(request, cached.header));
    }
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return untilAborted(this.fetchShared(), signal).then((token) => withBearer(request, token.header));
  }

  /** The upstream answered 401: the token was revoked or expired early, so the next call fetches. */
  rejected(): void {
    this.cached = undefined;
  }

  /** One fetch at a time, shared by every caller waiting for it (single flight). */
  private fetchShared(): Promise<CachedToken> {
    if (this.inFlight === undefined) {
      this.inFlight = this.fetchToken().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private refreshInBackground(current: CachedToken): void {
    if (this.inFlight !== undefined) return;
    this.fetchShared().catch(() => {
      // The current token serves until it expires; try again a little later, not on every request.
      if (this.cached === current) current.refreshAt = this.now() + retryAfterFailureMs;
    });
  }

  private async fetchToken(): Promise<CachedToken> {
    const { authorityHost, tenantId, clientId, clientSecret, scope } = this.settings;
    const url = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope,
    });
    const started = this.now();
    let status: number;
    let text: string;
    try {
      const response = await undiciRequest(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(this.options.dispatcherFor === undefined ? {} : { dispatcher: this.options.dispatcherFor(url) }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw this.failure('the token endpoint could not be reached', error);
    }
    const token = readToken(status, text);
    if (typeof token === 'string') throw this.failure(token);
    const lifetimeMs = token.expiresInSeconds * 1000;
    const margin = Math.min(maxRefreshMarginMs, lifetimeMs * refreshMarginShare);
    const cached: CachedToken = {
      header: `Bearer ${token.accessToken}`,
      refreshAt: started + lifetimeMs - margin,
      expiresAt: started + lifetimeMs,
    };
    this.cached = cached;
    return cached;
  }

  /** A 5xx-class error naming the deployment and the reason, never the secret or the token. */
  private failure(reason: string, cause?: unknown): GatewayError {
    return new GatewayError(
      'upstream_error',
      `Could not get a Microsoft Entra ID token for provider "${this.options.name}": ${reason}.`,
      cause === undefined ? {} : { cause: redactedCause(cause) },
    );
  }
}

/** The access token and its lifetime, or why there is none (a short text safe to show). */
function readToken(status: number, text: string): { accessToken: string; expiresInSeconds: number } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (status >= 400 || typeof fields.access_token !== 'string' || fields.access_token === '') {
    return describeRefusal(status, fields);
  }
  // v2.0 sends a number; some proxies and the v1 endpoint send a numeric string.
  const expiresIn = Number(fields.expires_in);
  return {
    accessToken: fields.access_token,
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 0,
  };
}

/**
 * `error` (invalid_client, unauthorized_client, ...) and the AADSTS number only: the description
 * may quote request details, so it is not relayed.
 * @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response
 */
function describeRefusal(status: number, fields: Record<string, unknown>): string {
  const code =
    typeof fields.error === 'string' && /^[a-z_]{1,64}$/.test(fields.error) ? fields.error : undefined;
  const numbers = Array.isArray(fields.error_codes)
    ? fields.error_codes.filter((value): value is number => Number.isInteger(value)).slice(0, 3)
    : [];
  const parts = [
    `status ${status}`,
    ...(code === undefined ? [] : [code]),
    ...numbers.map((value) => `AADSTS${value}`),
  ];
  return status >= 400
    ? `the token endpoint refused the client credentials (${parts.join(', ')})`
    : `the token endpoint answered without an access token (${parts.join(', ')})`;
}

/** Transport errors carry no secret, but keep only their code and name in the chain to be sure. */
function redactedCause(cause: unknown): Error {
  const { name, code } = (cause ?? {}) as { name?: unknown; code?: unknown };
  const error = new Error(
    `${typeof name === 'string' ? name : 'Error'}${typeof code === 'string' ? ` ${code}` : ''}`,
  );
  return error;
}

function withBearer(request: UpstreamRequest, header: string): UpstreamRequest {
  return { ...request, headers: { ...request.headers, authorization: header } };
}

/**
 * The shared token fetch, as seen by one caller: its own abort rejects its wait at once without
 * cancelling the fetch other callers share. The handlers stay attached after an abort, so a fetch
 * that fails once every waiter has gone is still handled (no unhandled rejection).
 */
function untilAborted<T>(promise: Promise<T>, signal: RequestSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.once('abort', onAbort);
    promise.then(
      (value) => {
        signal.off('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.off('abort', onAbort);
        reject(toError(error));
      },
    );
  });
}

/** The attempt's own abort reason (a GatewayError: timeout, client gone), as the attempt expects. */
function abortReason(signal: RequestSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new GatewayError('upstream_error', 'The request was aborted while waiting for a token.');
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new GatewayError('upstream_error', 'The token fetch failed.');
}
