// Where Google OAuth access tokens come from: a service-account key (a JWT signed here with
// node:crypto, RS256, exchanged at the key's own token_uri), an authorized-user refresh token, or,
// for every other kind of Application Default Credentials, google-auth-library. Never caches (the
// authorizer does) and never puts key material in an error message.

import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { GatewayError } from '../../errors.js';

export interface AccessToken {
  token: string;
  /** Epoch ms at which Google stops accepting it. */
  expiresAt: number;
}

/** Fetches a fresh token each time it is called. */
export type TokenSource = () => Promise<AccessToken>;

export interface SourceOptions {
  /** The deployment's config name, for error messages. */
  name: string;
  now: () => number;
  timeoutMs: number;
  /** The gateway's outbound pool for a token URL (proxy, CA bundle); default: undici's global one. */
  dispatcherFor?: (url: string) => Dispatcher;
}

/** @see https://developers.google.com/identity/protocols/oauth2/scopes#aiplatform */
export const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';
const defaultTokenUri = 'https://oauth2.googleapis.com/token';
/** Google's maximum (and usual) assertion lifetime. */
const assertionLifetimeSeconds = 3600;

/** A service-account key or an authorized-user credential, as `gcloud` and the console write them. */
type CredentialsJson =
  | { type: 'service_account'; clientEmail: string; privateKey: KeyObject; keyId?: string; tokenUri: string }
  | {
      type: 'authorized_user';
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      tokenUri: string;
    }
  | { type: 'other' };

/** A token source for a service-account key given as JSON text (settings.serviceAccount). */
export function serviceAccountSource(json: string, options: SourceOptions): TokenSource {
  const credentials = readCredentialsJson(json, 'serviceAccount', options.name);
  if (credentials.type !== 'service_account') {
    throw configError(options.name, 'serviceAccount must be a service-account key (type "service_account")');
  }
  return () => exchangeJwt(credentials, options);
}

/**
 * Application Default Credentials: the file GOOGLE_APPLICATION_CREDENTIALS names (service account
 * or authorized user, handled here), else google-auth-library's own search (gcloud's well-known
 * file, the metadata server, workload identity federation).
 * @see https://cloud.google.com/docs/authentication/application-default-credentials
 */
export function applicationDefaultSource(env: NodeJS.ProcessEnv, options: SourceOptions): TokenSource {
  const path = env.GOOGLE_APPLICATION_CREDENTIALS;
  let source: Promise<TokenSource> | undefined;
  const resolve = async (): Promise<TokenSource> => {
    if (path === undefined || path === '') return librarySource(options);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new GatewayError(
        'upstream_error',
        `Deployment "${options.name}": GOOGLE_APPLICATION_CREDENTIALS names a file that cannot be read.`,
        { cause: error, retryable: false },
      );
    }
    const credentials = readCredentialsJson(text, 'the GOOGLE_APPLICATION_CREDENTIALS file', options.name);
    switch (credentials.type) {
      case 'service_account':
        return () => exchangeJwt(credentials, options);
      case 'authorized_user':
        return () => exchangeRefreshToken(credentials, options);
      case 'other':
        return librarySource(options);
    }
  };
  return async () => {
    // Read once; a failure is not remembered, so fixing the file needs no restart.
    source ??= resolve().catch((error: unknown) => {
      source = undefined;
      throw error;
    });
    return (await source)();
  };
}

/** Parses credential JSON; messages name the field at fault, never a value. */
function readCredentialsJson(text: string, origin: string, name: string): CredentialsJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError(name, `${origin} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw configError(name, `${origin} is not a JSON object`);
  const json = parsed as Record<string, unknown>;
  const tokenUri =
    typeof json.token_uri === 'string' && json.token_uri !== '' ? json.token_uri : defaultTokenUri;
  if (json.type === 'service_account') {
    if (typeof json.client_email !== 'string' || typeof json.private_key !== 'string') {
      throw configError(name, `${origin} lacks client_email or private_key`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(json.private_key);
    } catch {
      throw configError(name, `${origin} has a private_key that is not a PEM private key`);
    }
    const keyId = typeof json.private_key_id === 'string' ? json.private_key_id : undefined;
    return { type: 'service_account', clientEmail: json.client_email, privateKey, keyId, tokenUri };
  }
  if (json.type === 'authorized_user') {
    const { client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken } = json;
    if (
      typeof clientId !== 'string' ||
      typeof clientSecret !== 'string' ||
      typeof refreshToken !== 'string'
    ) {
      throw configError(name, `${origin} lacks client_id, client_secret or refresh_token`);
    }
    return { type: 'authorized_user', clientId, clientSecret, refreshToken, tokenUri };
  }
  return { type: 'other' };
}

/**
 * The JWT bearer grant: an RS256 assertion for the cloud-platform scope, audience the token URI.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
function exchangeJwt(
  key: Extract<CredentialsJson, { type: 'service_account' }>,
  options: SourceOptions,
): Promise<AccessToken> {
  const issuedAt = Math.floor(options.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.keyId === undefined ? {} : { kid: key.keyId }) };
  const claims = {
    iss: key.clientEmail,
    scope: cloudPlatformScope,
    aud: key.tokenUri,
    iat: issuedAt,
    exp: issuedAt + assertionLifetimeSeconds,
  };
  const unsigned = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
  const signature = sign('RSA-SHA256', Buffer.from(unsigned), key.privateKey).toString('base64url');
  const form = {
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: `${unsigned}.${signature}`,
  };
  return postForm(key.tokenUri, form, options);
}

/** @see https://developers.google.com/identity/protocols/oauth2/web-server#offline */
function exchangeRefreshToken(
  user: Extract<CredentialsJson, { type: 'authorized_user' }>,
  options: SourceOptions,
): Promise<AccessToken> {
  const form = {
    grant_type: 'refresh_token',
    client_id: user.clientId,
    client_secret: user.clientSecret,
    refresh_token: user.refreshToken,
  };
  return postForm(user.tokenUri, form, options);
}

/** google-auth-library for the credential kinds not handled above; loaded only when needed. */
function librarySource(options: SourceOptions): TokenSource {
  return async () => {
    try {
      const { GoogleAuth } = await import('google-auth-library');
      const client = await new GoogleAuth({ scopes: [cloudPlatformScope] }).getClient();
      const { token } = await client.getAccessToken();
      if (typeof token !== 'string' || token === '') throw new Error('no access token');
      const expiry = client.credentials.expiry_date;
      // Without a stated expiry, assume a short life so the token is re-read soon.
      return { token, expiresAt: typeof expiry === 'number' ? expiry : options.now() + 10 * 60_000 };
    } catch (error) {
      throw new GatewayError(
        'upstream_error',
        `Deployment "${options.name}": no Google Application Default Credentials could be used (set serviceAccount or GOOGLE_APPLICATION_CREDENTIALS).`,
        { cause: error, retryable: false },
      );
    }
  };
}

/** POST a form to a token endpoint and read `{access_token, expires_in}`. */
async function postForm(
  uri: string,
  form: Record<string, string>,
  options: SourceOptions,
): Promise<AccessToken> {
  const started = options.now();
  let status: number;
  let text: string;
  try {
    const response = await undiciRequest(uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcherFor === undefined ? {} : { dispatcher: options.dispatcherFor(uri) }),
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    throw new GatewayError(
      'upstream_unreachable',
      `Deployment "${options.name}": the Google token endpoint could not be reached.`,
      { cause: error },
    );
  }
  const body = parseObject(text);
  if (status >= 400 || typeof body.access_token !== 'string' || body.access_token === '') {
    // error / error_description are OAuth's fixed vocabulary (e.g. invalid_grant), safe to show.
    const reason = [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
    const detail = reason === '' ? '' : ` (${reason.slice(0, 300)})`;
    return Promise.reject(
      new GatewayError(
        'upstream_error',
        `Deployment "${options.name}": the Google token endpoint answered ${status}${detail}.`,
        {
          retryable: status >= 500 || status === 429,
        },
      ),
    );
  }
  const expiresIn =
    typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : assertionLifetimeSeconds;
  return { token: body.access_token, expiresAt: started + expiresIn * 1000 };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function configError(name: string, problem: string): GatewayError {
  return new GatewayError('upstream_error', `Deployment "${name}": ${problem}.`, { retryable: false });
}
