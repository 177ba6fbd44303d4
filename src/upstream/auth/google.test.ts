import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GoogleTokenServer,
  serviceAccountKey,
  type ServiceAccount,
} from '../../../test/support/google-upstream.js';
import { GatewayError } from '../../errors.js';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider.js';
import { RequestSignal } from '../abort-signal.js';
import { GoogleAuthorizer } from './google.js';

let tokens: GoogleTokenServer;
let account: ServiceAccount;

beforeAll(async () => {
  tokens = await new GoogleTokenServer(() => account).start();
  account = serviceAccountKey(tokens.url);
});

afterAll(async () => {
  await tokens.stop();
});

beforeEach(() => {
  tokens.grants.length = 0;
  tokens.rejections = 0;
  tokens.scripted.length = 0;
  tokens.expiresIn = 3600;
});

const request: UpstreamRequest = {
  method: 'POST',
  url: 'https://aiplatform.googleapis.com/v1/x',
  headers: { 'content-type': 'application/json' },
  body: '{}',
};

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    name: 'vertex',
    type: 'vertex',
    baseUrl: '',
    apiKeys: [],
    headers: {},
    project: 'acme-prod',
    serviceAccount: account.json,
    ...overrides,
  };
}

class Clock {
  time = Date.parse('2025-06-01T00:00:00Z');
  now = (): number => this.time;
}

async function bearer(authorizer: GoogleAuthorizer, signal = new RequestSignal()): Promise<string> {
  const authorized = await authorizer.authorize(request, signal);
  return authorized.headers.authorization ?? '';
}

describe('GoogleAuthorizer with a service-account key', () => {
  it('signs a JWT the token endpoint verifies and adds the token as a bearer header', async () => {
    const authorized = await new GoogleAuthorizer(settings()).authorize(request, new RequestSignal());
    expect(tokens.rejections).toBe(0);
    expect(tokens.grants).toHaveLength(1);
    const [grant] = tokens.grants;
    expect(grant?.header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: 'key-1' });
    expect(grant?.claims).toMatchObject({ iss: account.clientEmail, aud: tokens.url });
    expect(authorized).toEqual({
      ...request,
      headers: { ...request.headers, authorization: `Bearer ${grant?.token}` },
    });
    expect(request.headers).not.toHaveProperty('authorization');
  });

  it('fetches tokens through the pool it is given (the gateway passes its proxy-aware pools)', async () => {
    const asked: string[] = [];
    const pool = new Agent();
    try {
      const authorizer = new GoogleAuthorizer(settings(), {
        dispatcherFor: (url) => {
          asked.push(url);
          return pool;
        },
      });
      expect(await bearer(authorizer)).toMatch(/^Bearer /);
      expect(asked).toEqual([tokens.url]);
    } finally {
      await pool.close();
    }
  });

  it('fetches once for concurrent requests and reuses the token', async () => {
    tokens.scripted.push({ status: 200, body: { access_token: 'ya29.slow', expires_in: 3600 }, delayMs: 50 });
    const authorizer = new GoogleAuthorizer(settings());
    const headers = await Promise.all([bearer(authorizer), bearer(authorizer), bearer(authorizer)]);
    expect(headers).toEqual(['Bearer ya29.slow', 'Bearer ya29.slow', 'Bearer ya29.slow']);
    expect(await bearer(authorizer)).toBe('Bearer ya29.slow');
    expect(tokens.scripted).toHaveLength(0);
    expect(tokens.grants).toHaveLength(0);
  });

  it('refreshes in the background ahead of expiry, then waits only once the token is unusable', async () => {
    const clock = new Clock();
    const authorizer = new GoogleAuthorizer(settings(), { now: clock.now });
    const first = await bearer(authorizer);
    clock.time += 54 * 60_000;
    expect(await bearer(authorizer)).toBe(first);
    expect(tokens.grants).toHaveLength(1);
    clock.time += 2 * 60_000; // 4 minutes left: inside the 5-minute refresh margin
    expect(await bearer(authorizer)).toBe(first);
    await sleep(100);
    expect(tokens.grants).toHaveLength(2);
    const second = await bearer(authorizer);
    expect(second).not.toBe(first);
    clock.time += 61 * 60_000; // past the second token's expiry: the request waits for a new one
    const third = await bearer(authorizer);
    expect(tokens.grants).toHaveLength(3);
    expect(third).not.toBe(second);
  });

  it('keeps serving a valid token when a background refresh fails, and retries later', async () => {
    const clock = new Clock();
    const authorizer = new GoogleAuthorizer(settings(), { now: clock.now });
    const first = await bearer(authorizer);
    clock.time += 56 * 60_000;
    tokens.scripted.push({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(await bearer(authorizer)).toBe(first);
    await sleep(100);
    expect(await bearer(authorizer)).toBe(first);
    await sleep(50);
    expect(tokens.grants).toHaveLength(1);
    clock.time += 11_000;
    await bearer(authorizer);
    await sleep(100);
    expect(tokens.grants).toHaveLength(2);
  });

  it('drops the token when the upstream rejects it', async () => {
    const authorizer = new GoogleAuthorizer(settings());
    const first = await bearer(authorizer);
    authorizer.rejected();
    const second = await bearer(authorizer);
    expect(second).not.toBe(first);
    expect(tokens.grants).toHaveLength(2);
  });

  it('reports a refused grant clearly, without key material, and tries again next time', async () => {
    tokens.scripted.push({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
    const authorizer = new GoogleAuthorizer(settings());
    const error = await authorizer.authorize(request, new RequestSignal()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_error', retryable: false });
    const message = (error as GatewayError).message;
    expect(message).toContain('400');
    expect(message).toContain('invalid_grant');
    expect(message).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(error)).not.toContain(account.privateKeyPem.slice(40, 80));
    expect(await bearer(authorizer)).toMatch(/^Bearer ya29\./);
  });

  it('refuses a broken key with a message that names the problem, never the content', async () => {
    for (const serviceAccount of [
      '{"type": "service_account", "client_email": "a@b", "private_key": "secret-not-a-pem"}',
      'not json secret-text',
      '{"type":"service_account"}',
    ]) {
      const error = await new GoogleAuthorizer(settings({ serviceAccount }))
        .authorize(request, new RequestSignal())
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'upstream_error', retryable: false });
      expect((error as Error).message).toMatch(/serviceAccount/);
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('stops waiting when the attempt is aborted, while the shared fetch completes for others', async () => {
    tokens.scripted.push({
      status: 200,
      body: { access_token: 'ya29.late', expires_in: 3600 },
      delayMs: 100,
    });
    const authorizer = new GoogleAuthorizer(settings());
    const signal = new RequestSignal();
    const waiting = authorizer.authorize(request, signal).catch((caught: unknown) => caught);
    const other = bearer(authorizer);
    const reason = new GatewayError('upstream_timeout', 'deadline');
    signal.abort(reason);
    expect(await waiting).toBe(reason);
    expect(await other).toBe('Bearer ya29.late');
  });
});

describe('GoogleAuthorizer with Application Default Credentials', () => {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-adc-'));

  it('reads the service-account file GOOGLE_APPLICATION_CREDENTIALS names', async () => {
    const path = join(folder, 'key.json');
    writeFileSync(path, account.json);
    const authorizer = new GoogleAuthorizer(settings({ serviceAccount: undefined }), {
      env: { GOOGLE_APPLICATION_CREDENTIALS: path },
    });
    expect(await bearer(authorizer)).toBe(`Bearer ${tokens.grants[0]?.token}`);
  });

  it('refreshes an authorized-user credential with its refresh token', async () => {
    tokens.refreshToken = '1//refresh-me';
    const path = join(folder, 'user.json');
    writeFileSync(
      path,
      JSON.stringify({
        type: 'authorized_user',
        client_id: 'cid',
        client_secret: 'cs',
        refresh_token: '1//refresh-me',
        token_uri: tokens.url,
      }),
    );
    const authorizer = new GoogleAuthorizer(settings({ serviceAccount: undefined }), {
      env: { GOOGLE_APPLICATION_CREDENTIALS: path },
    });
    expect(await bearer(authorizer)).toMatch(/^Bearer ya29\.user-/);
    expect(tokens.grants[0]?.claims).toEqual({ client_id: 'cid' });
  });

  it('says clearly when the file cannot be read', async () => {
    const authorizer = new GoogleAuthorizer(settings({ serviceAccount: undefined }), {
      env: { GOOGLE_APPLICATION_CREDENTIALS: join(folder, 'missing.json') },
    });
    await expect(authorizer.authorize(request, new RequestSignal())).rejects.toThrow(
      /GOOGLE_APPLICATION_CREDENTIALS/,
    );
  });
});
