// Where a Bedrock deployment's AWS credentials come from, and a cache that refreshes them before they
// expire with one fetch in flight. Sources are the AWS SDK's own providers (never hand-written
// metadata or STS clients); this module only picks one and caches what it returns.

import type * as CredentialProvidersModule from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { GatewayError } from '../../errors.js';
import type { AwsSettings } from '../../providers/provider.js';

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Static keys from the config; else the named profile of the shared files; else the default chain:
 * environment, shared config and credentials files (AWS_PROFILE), web identity (EKS/IRSA), ECS/EKS
 * container credentials, then EC2 instance metadata (IMDSv2).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
 * @see https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
 */
export function awsCredentialSource(aws: AwsSettings | undefined): AwsCredentialIdentityProvider {
  if (aws?.accessKeyId !== undefined && aws.secretAccessKey !== undefined) {
    const identity: AwsCredentialIdentity = {
      accessKeyId: aws.accessKeyId,
      secretAccessKey: aws.secretAccessKey,
      ...(aws.sessionToken === undefined ? {} : { sessionToken: aws.sessionToken }),
    };
    return () => Promise.resolve(identity);
  }
  const profile = aws?.profile;
  if (profile !== undefined) return sdkProvider((sdk) => sdk.fromIni({ profile }));
  return sdkProvider((sdk) => sdk.fromNodeProviderChain());
}

type CredentialProviders = typeof CredentialProvidersModule;

/**
 * A provider from the AWS SDK, loaded on its first call: the SDK weighs several MB of memory that a
 * gateway without an AWS deployment (or with static keys) should not carry.
 */
function sdkProvider(
  create: (sdk: CredentialProviders) => AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (options) => {
    provider ??= import('@aws-sdk/credential-providers').then(create);
    return (await provider)(options);
  };
}

export interface CredentialCacheOptions {
  /** Refresh this long before expiry (the AWS SDKs use five minutes). */
  refreshAheadMs?: number;
  now?: () => number;
}

/**
 * Caches credentials until shortly before their Expiration. Inside the refresh window the current
 * credentials keep signing while one background fetch replaces them; once expired (or never fetched),
 * callers wait for the one fetch in flight. Credentials without an expiration never refresh.
 */
export class AwsCredentialCache {
  readonly #source: AwsCredentialIdentityProvider;
  readonly #refreshAheadMs: number;
  readonly #now: () => number;
  #current: AwsCredentialIdentity | undefined;
  #pending: Promise<AwsCredentialIdentity> | undefined;

  constructor(source: AwsCredentialIdentityProvider, options: CredentialCacheOptions = {}) {
    this.#source = source;
    this.#refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Credentials valid now, fetching when there are none. */
  get(): Promise<AwsCredentialIdentity> {
    const current = this.#current;
    if (current !== undefined) {
      const left = millisecondsLeft(current, this.#now());
      if (left > this.#refreshAheadMs) return Promise.resolve(current);
      if (left > 0) {
        // Refresh ahead: a failed background refresh is retried by the next request, not surfaced.
        this.#refresh().catch(() => undefined);
        return Promise.resolve(current);
      }
    }
    return this.#refresh();
  }

  /** The upstream rejected a signature made with these credentials: fetch afresh next time. */
  invalidate(): void {
    this.#current = undefined;
  }

  #refresh(): Promise<AwsCredentialIdentity> {
    // The SDK's memoized chain refreshes only when forced; plain providers ignore the flag.
    this.#pending ??= (
      this.#source as (options?: { forceRefresh?: boolean }) => Promise<AwsCredentialIdentity>
    )({ forceRefresh: this.#current !== undefined })
      .then((credentials) => {
        this.#current = credentials;
        return credentials;
      })
      .catch((error: unknown) => {
        throw noCredentials(error);
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}

function millisecondsLeft(credentials: AwsCredentialIdentity, now: number): number {
  const expiration = credentials.expiration;
  return expiration === undefined ? Number.POSITIVE_INFINITY : expiration.getTime() - now;
}

/**
 * The chain's own message names files, roles and endpoints: operators find it in the error's cause
 * (logged), while the client sees only that the gateway's AWS identity is missing.
 */
function noCredentials(error: unknown): GatewayError {
  return new GatewayError(
    'upstream_error',
    'The gateway could not obtain AWS credentials for this provider; check its aws settings or the AWS credential chain.',
    { cause: error },
  );
}
