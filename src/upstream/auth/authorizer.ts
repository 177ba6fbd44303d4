// Upstream authorization beyond a static key in a header: OAuth bearer tokens (Microsoft Entra
// ID, Google service accounts) and AWS SigV4 signatures. The provider adapter builds the request
// (pure); the authorizer, which may fetch and refresh credentials, finishes it just before sending.

import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import type { RequestSignal } from '../abort-signal.js';

export interface Authorizer {
  /** Return the request ready to send: a bearer header added, or the request signed. */
  /** `signal` aborts with the attempt; undici's request() accepts it as its `signal`. */
  authorize(request: UpstreamRequest, signal: RequestSignal): Promise<UpstreamRequest>;
  /** The upstream answered 401: drop cached credentials so the next request fetches fresh ones. */
  rejected?(): void;
}

/** Builds the authorizer a deployment needs, or undefined when its adapter's key header suffices. */
export type AuthorizerFactory = (settings: ProviderSettings) => Authorizer | undefined;

/**
 * One authorizer per deployment and credential set, kept across config reloads whose credentials
 * did not change (so cached tokens survive a reload), built on first use.
 */
export class Authorizers {
  private readonly byKey = new Map<string, Authorizer | undefined>();
  private readonly lastBySettings = new WeakMap<ProviderSettings, Authorizer | undefined>();

  constructor(private readonly create: AuthorizerFactory) {}

  for(settings: ProviderSettings): Authorizer | undefined {
    if (this.lastBySettings.has(settings)) return this.lastBySettings.get(settings);
    const key = credentialKey(settings);
    let authorizer: Authorizer | undefined;
    if (this.byKey.has(key)) authorizer = this.byKey.get(key);
    else {
      authorizer = this.create(settings);
      this.byKey.set(key, authorizer);
    }
    this.lastBySettings.set(settings, authorizer);
    return authorizer;
  }
}

function credentialKey(settings: ProviderSettings): string {
  return JSON.stringify([
    settings.name,
    settings.type,
    settings.entra,
    settings.serviceAccount,
    settings.project,
    settings.location,
    settings.region,
    settings.aws,
    // Whether keys are set decides whether some types need an authorizer at all.
    settings.apiKeys.length > 0,
  ]);
}

/** Apply the deployment's authorizer, if any, without an extra await on the common path. */
export function authorized(
  authorizers: Authorizers,
  settings: ProviderSettings,
  request: UpstreamRequest,
  signal: RequestSignal,
): UpstreamRequest | Promise<UpstreamRequest> {
  const authorizer = authorizers.for(settings);
  return authorizer === undefined ? request : authorizer.authorize(request, signal);
}
