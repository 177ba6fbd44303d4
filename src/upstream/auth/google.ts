// Google OAuth bearer tokens for Vertex AI (vertex, vertex-anthropic): one token per deployment,
// cached, refreshed in the background ahead of expiry, one fetch in flight at a time (single
// flight). Where tokens come from is google-credentials.ts; this file knows no wire format.

import { GatewayError } from '../../errors.js';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import type { RequestSignal } from '../abort-signal.js';
import type { Authorizer } from './authorizer.js';
import { applicationDefaultSource, serviceAccountSource } from './google-credentials.js';
import type { AccessToken, SourceOptions, TokenSource } from './google-credentials.js';

export interface GoogleAuthorizerOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** How long one token request may take. */
  timeoutMs?: number;
  /** Use a token source directly (tests); default: from the settings. */
  source?: TokenSource;
  /** The gateway's outbound pool for a token URL (proxy, CA bundle). */
  dispatcherFor?: SourceOptions['dispatcherFor'];
}

interface CachedToken {
  header: string;
  /** Epoch ms after which the next token is fetched in the background while this one serves. */
  refreshAt: number;
  /** Epoch ms after which this token is never sent (a little before Google's own expiry). */
  usableUntil: number;
}

/** Refresh this long before expiry at most (Google tokens live an hour)... */
const maxRefreshMarginMs = 5 * 60_000;
/** ...and at most half the token's lifetime, so short-lived tokens are still reused. */
const refreshMarginShare = 0.5;
/** Stop sending a token this long before it expires: it must still be valid when Google reads it. */
const expirySafetyMs = 30_000;
/** After a failed background refresh, the still-valid token serves this long before another try. */
const retryAfterFailureMs = 10_000;

/**
 * The authorizer for a Vertex AI deployment: settings.serviceAccount, else Application Default
 * Credentials. Bad credentials surface on the first request, as a clear error, not at start-up.
 * @see https://cloud.google.com/vertex-ai/docs/authentication#rest
 */
export class GoogleAuthorizer implements Authorizer {
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;
  /** Bumped by rejected(), so a fetch that started before it cannot restore a dropped token. */
  private generation = 0;
  private readonly now: () => number;
  private readonly source: TokenSource;

  constructor(settings: ProviderSettings, options: GoogleAuthorizerOptions = {}) {
    this.now = options.now ?? Date.now;
    const sourceOptions: SourceOptions = {
      name: settings.name,
      now: this.now,
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.dispatcherFor === undefined ? {} : { dispatcherFor: options.dispatcherFor }),
    };
    this.source = options.source ?? createSource(settings, options.env ?? process.env, sourceOptions);
  }

  authorize(request: UpstreamRequest, signal: RequestSignal): Promise<UpstreamRequest> {
    const cached = this.cached;
    const now = this.now();
    if (cached !== undefined && now < cached.usableUntil) {
      if (now >= cached.refreshAt) this.refreshInBackground(cached);
      return Promise.resolve(withBearer(request, cached.header));
    }
    return untilAborted(this.fetchShared(), signal).then((token) => withBearer(request, token.header));
  }

  /** The upstream answered 401: the token was revoked or expired early; the next call fetches. */
  rejected(): void {
    this.cached = undefined;
    this.inFlight = undefined;
    this.generation += 1;
  }

  /** One fetch at a time, shared by every caller waiting for it. */
  private fetchShared(): Promise<CachedToken> {
    if (this.inFlight === undefined) {
      const generation = this.generation;
      const fetching = this.fetchToken(generation).finally(() => {
        if (this.inFlight === fetching) this.inFlight = undefined;
      });
      this.inFlight = fetching;
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

  private async fetchToken(generation: number): Promise<CachedToken> {
    const started = this.now();
    const token: AccessToken = await this.source();
    const lifetimeMs = Math.max(0, token.expiresAt - started);
    const cached: CachedToken = {
      header: `Bearer ${token.token}`,
      refreshAt: token.expiresAt - Math.min(maxRefreshMarginMs, lifetimeMs * refreshMarginShare),
      usableUntil: token.expiresAt - Math.min(expirySafetyMs, lifetimeMs * 0.1),
    };
    if (generation === this.generation) this.cached = cached;
    return cached;
  }
}

/** The settings' token source; a broken key becomes a source that fails with the clear error. */
function createSource(
  settings: ProviderSettings,
  env: NodeJS.ProcessEnv,
  options: SourceOptions,
): TokenSource {
  try {
    return settings.serviceAccount !== undefined
      ? serviceAccountSource(settings.serviceAccount, options)
      : applicationDefaultSource(env, options);
  } catch (error) {
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('upstream_error', 'The Google credentials could not be read.');
    return () => Promise.reject(failure);
  }
}

function withBearer(request: UpstreamRequest, header: string): UpstreamRequest {
  return { ...request, headers: { ...request.headers, authorization: header } };
}

/** Wait for the shared fetch, but stop waiting (without cancelling it) when this attempt ends. */
function untilAborted<T>(promise: Promise<T>, signal: RequestSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
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
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The attempt's own reason (a timeout or a client gone), which the caller maps to its error. */
function abortReason(signal: RequestSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new GatewayError('upstream_timeout', 'The request ended while waiting for a Google access token.');
}
