// Google-side test doubles, written from Google's public docs: a service-account key made with
// node:crypto, an OAuth token endpoint on 127.0.0.1 that VERIFIES the JWT assertion (RS256
// signature and claims) before issuing a token, and Gemini wire builders typed with @google/genai.

import { generateKeyPairSync, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FinishReason } from '@google/genai';
import type { Part } from '@google/genai';
import type { GenerateContentResponseBody } from '../../src/providers/gemini/api.js';

export interface ServiceAccount {
  /** The key file's JSON text, as the console downloads it. */
  json: string;
  clientEmail: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** A fresh service-account key whose token_uri points at `tokenUri`. */
export function serviceAccountKey(
  tokenUri: string,
  clientEmail = 'gateway@acme-prod.iam.gserviceaccount.com',
): ServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'acme-prod',
    private_key_id: 'key-1',
    private_key: privateKeyPem,
    client_email: clientEmail,
    client_id: '1234567890',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
  });
  return { json, clientEmail, privateKeyPem, publicKey };
}

export interface TokenGrant {
  /** The decoded, verified claims. */
  claims: Record<string, unknown>;
  header: Record<string, unknown>;
  token: string;
}

/**
 * The OAuth 2.0 token endpoint for service accounts. Rejects (400 invalid_grant, as Google does)
 * an assertion with a bad signature, wrong issuer, audience or scope, or a lifetime over an hour.
 * @see https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export class GoogleTokenServer {
  readonly grants: TokenGrant[] = [];
  rejections = 0;
  /** Seconds each issued token lives. */
  expiresIn = 3600;
  /** Answers queued ahead of normal issuing (e.g. a 500 or a slow answer). */
  readonly scripted: Array<{ status: number; body: unknown; delayMs?: number }> = [];
  url = '';
  /** When set, refresh_token grants with this token are honoured too. */
  refreshToken: string | undefined;
  private server: Server | undefined;

  constructor(private readonly account: () => ServiceAccount) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answer =
          this.scripted.shift() ??
          this.issue(Buffer.concat(chunks).toString('utf8'), request.headers['content-type']);
        setTimeout(() => {
          response
            .writeHead(answer.status, { 'content-type': 'application/json' })
            .end(JSON.stringify(answer.body));
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/token`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private issue(
    text: string,
    contentType: string | undefined,
  ): { status: number; body: unknown; delayMs?: number } {
    const form = new URLSearchParams(text);
    // An authorized-user credential (gcloud's ADC file) refreshes with its refresh token instead.
    // @see https://developers.google.com/identity/protocols/oauth2/web-server#offline
    if (form.get('grant_type') === 'refresh_token' && this.refreshToken !== undefined) {
      if (form.get('refresh_token') !== this.refreshToken || form.get('client_secret') === null) {
        this.rejections++;
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      }
      const token = `ya29.user-${randomUUID()}`;
      this.grants.push({ header: {}, claims: { client_id: form.get('client_id') }, token });
      return { status: 200, body: { access_token: token, expires_in: this.expiresIn, token_type: 'Bearer' } };
    }
    const problem =
      contentType !== 'application/x-www-form-urlencoded'
        ? 'form content type expected'
        : form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer'
          ? 'unsupported grant_type'
          : undefined;
    const verified = problem === undefined ? this.verify(form.get('assertion') ?? '') : problem;
    if (typeof verified === 'string') {
      this.rejections++;
      return { status: 400, body: { error: 'invalid_grant', error_description: verified } };
    }
    const token = `ya29.test-${randomUUID()}`;
    this.grants.push({ ...verified, token });
    return { status: 200, body: { access_token: token, expires_in: this.expiresIn, token_type: 'Bearer' } };
  }

  /** The claims when the assertion holds, else why not. */
  private verify(assertion: string): Omit<TokenGrant, 'token'> | string {
    const [header, claims, signature] = assertion.split('.');
    if (header === undefined || claims === undefined || signature === undefined) return 'Invalid JWT.';
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${claims}`),
      this.account().publicKey,
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) return 'Invalid JWT Signature.';
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (decodedHeader.alg !== 'RS256') return 'Invalid JWT algorithm.';
    if (decoded.iss !== this.account().clientEmail) return 'Invalid issuer.';
    if (decoded.aud !== this.url) return 'Invalid audience.';
    if (decoded.scope !== 'https://www.googleapis.com/auth/cloud-platform') return 'Invalid scope.';
    const issuedAt = Number(decoded.iat);
    const expires = Number(decoded.exp);
    if (!(expires > issuedAt && expires - issuedAt <= 3600))
      return 'Invalid JWT: exp must be within an hour of iat.';
    return { header: decodedHeader, claims: decoded };
  }
}

const base = { modelVersion: 'gemini-2.5-flash' };

/**
 * A whole generateContent answer.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function geminiAnswer(
  parts: Part[],
  overrides: Partial<GenerateContentResponseBody> = {},
): GenerateContentResponseBody {
  return {
    ...base,
    responseId: `resp-${randomUUID()}`,
    candidates: [{ index: 0, content: { role: 'model', parts }, finishReason: FinishReason.STOP }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    ...overrides,
  } satisfies GenerateContentResponseBody;
}

/** Stream chunks (SSE data) for text pieces; the last carries STOP and usage unless `cut`. */
export function geminiTextChunks(
  pieces: string[],
  options: { cut?: boolean; responseId?: string } = {},
): Array<{ data: string }> {
  const responseId = options.responseId ?? `resp-${randomUUID()}`;
  const chunks: GenerateContentResponseBody[] = pieces.map((text) => ({
    ...base,
    responseId,
    candidates: [{ index: 0, content: { role: 'model', parts: [{ text }] } }],
  }));
  if (options.cut !== true) {
    chunks.push({
      ...base,
      responseId,
      candidates: [
        { index: 0, content: { role: 'model', parts: [{ text: '' }] }, finishReason: FinishReason.STOP },
      ],
      usageMetadata: {
        promptTokenCount: 10,
        candidatesTokenCount: pieces.length,
        totalTokenCount: 10 + pieces.length,
      },
    });
  }
  return chunks.map((chunk) => ({ data: JSON.stringify(chunk) }));
}
