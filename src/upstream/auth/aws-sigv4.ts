// Signs upstream requests with AWS Signature Version 4 for Bedrock, using @smithy/signature-v4 (the
// AWS SDK's own signer) over Node's SHA-256; no hand-written crypto. Knows nothing of providers'
// bodies: it signs the request the adapter built, exactly as it will be sent.

import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import type { Authorizer } from './authorizer.js';
import {
  AwsCredentialCache,
  awsCredentialSource,
  type AwsCredentialIdentityProvider,
} from './aws-credentials.js';

/**
 * Bedrock runtime's signing name (the endpoint host is bedrock-runtime, the service is bedrock).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/welcome.html
 */
export const BEDROCK_SIGNING_SERVICE = 'bedrock';

/** SHA-256 and HMAC-SHA-256 from node:crypto in the shape the smithy signer expects. */
export class NodeSha256 implements Checksum {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = NodeSha256.#create(secret);
  }

  update(data: Uint8Array): void {
    this.#hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  reset(): void {
    this.#hash = NodeSha256.#create(this.#secret);
  }

  static #create(secret: SourceData | undefined): Hash | Hmac {
    if (secret === undefined) return createHash('sha256');
    if (typeof secret === 'string') return createHmac('sha256', secret);
    const key = ArrayBuffer.isView(secret)
      ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
      : Buffer.from(secret);
    return createHmac('sha256', key);
  }
}

export interface SignOptions {
  /** Defaults to now; tests pin it to reproduce published signatures. */
  signingDate?: Date;
}

/**
 * The request as it will go over the wire -> the same request with host, x-amz-date,
 * x-amz-content-sha256, x-amz-security-token (for temporary credentials) and Authorization added.
 * The path is passed as sent (percent-encoded); the signer encodes each segment once more, as SigV4
 * requires for every service but S3.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export async function signRequest(
  signer: SignatureV4,
  request: UpstreamRequest,
  options: SignOptions = {},
): Promise<UpstreamRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { ...request.headers, host: url.host };
  const toSign: HttpRequest = {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname,
    query: toQuery(url.searchParams),
    headers,
    body: request.body,
  };
  const signed = await signer.sign(toSign, { signingDate: options.signingDate ?? new Date() });
  return { ...request, headers: signed.headers };
}

function toQuery(parameters: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(parameters.keys())) {
    const values = parameters.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

export interface SigV4AuthorizerOptions {
  region: string;
  /** Defaults to the source the deployment's `aws` settings name (see aws-credentials.ts). */
  credentials?: AwsCredentialIdentityProvider;
}

/**
 * Signs every request of one Bedrock deployment. Credentials are cached and refreshed ahead of
 * expiry; a 401 drops them so the retry fetches fresh ones.
 */
export class AwsSigV4Authorizer implements Authorizer {
  readonly #credentials: AwsCredentialCache;
  readonly #signer: SignatureV4;

  constructor(settings: Pick<ProviderSettings, 'aws'>, options: SigV4AuthorizerOptions) {
    this.#credentials = new AwsCredentialCache(options.credentials ?? awsCredentialSource(settings.aws));
    this.#signer = new SignatureV4({
      service: BEDROCK_SIGNING_SERVICE,
      region: options.region,
      credentials: () => this.#credentials.get(),
      sha256: NodeSha256,
    });
  }

  authorize(request: UpstreamRequest): Promise<UpstreamRequest> {
    return signRequest(this.#signer, request);
  }

  rejected(): void {
    this.#credentials.invalidate();
  }
}
