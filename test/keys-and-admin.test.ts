// Virtual keys end to end: the first start prints a key and an admin token once; the admin API
// creates, lists and revokes keys; a revoked key stops working at once; the planes stay apart.

import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { adminFetch } from './support/admin-fetch.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';

const suite = mockGatewaySuite();
beforeAll(() => void suite.openai.always({ kind: 'json', body: completion() }));

const admin = (path: string, init: RequestInit = {}, token = suite.gateway.adminToken) =>
  adminFetch(suite.gateway, path, init, token);

const ask = (key: string) =>
  new OpenAI({ baseURL: `${suite.gateway.url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
  });

describe('first start', () => {
  it('prints a virtual key and an admin token with at least 128 random bits', () => {
    expect(suite.gateway.key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(suite.gateway.adminToken).toMatch(/^sya-[A-Za-z0-9_-]{43}$/);
  });

  it('the first key works on the data plane', async () => {
    const result = await ask(suite.gateway.key);
    expect(result.choices[0]?.message.content).toBe('Hello there.');
  });
});

describe('admin API', () => {
  it('creates a key shown once, lists it by prefix only, and revokes it at once', async () => {
    const created = await admin('/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'checkout', teamId: 'payments' }),
    });
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as { key: string; record: Record<string, any> };
    expect(key.startsWith(record.prefix)).toBe(true);
    expect(record.scope).toEqual({ organizationId: 'default', teamId: 'payments', projectId: null });
    expect(JSON.stringify(record)).not.toContain(key);
    expect(record).not.toHaveProperty('hash');

    await ask(key);
    const listed = (await (await admin('/admin/keys')).json()) as { data: Array<Record<string, unknown>> };
    expect(listed.data.map((row) => row.id)).toContain(record.id);
    expect(JSON.stringify(listed)).not.toContain(key);

    const revoked = await admin(`/admin/keys/${record.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    await expect(ask(key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const again = await admin(`/admin/keys/${record.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    const withRevoked = (await (await admin('/admin/keys?includeRevoked=true')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(withRevoked.data.find((row) => row.id === record.id)?.revokedAt).toBeTruthy();
  });

  it('rejects invalid create bodies with a 400 naming the field', async () => {
    const response = await admin('/admin/keys', { method: 'POST', body: JSON.stringify({ name: '' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.message).toMatch(/name/);
  });

  it('keeps the planes apart', async () => {
    expect((await admin('/admin/keys', {}, suite.gateway.key)).status).toBe(403);
    expect((await admin('/admin/keys', {}, 'sya-wrong')).status).toBe(401);
    expect((await fetch(`${suite.gateway.url}/admin/keys`)).status).toBe(401);
    await expect(ask(suite.gateway.adminToken)).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('expired keys stop working', async () => {
    const created = await admin('/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'short-lived', expiresAt: new Date(Date.now() + 300).toISOString() }),
    });
    const { key } = (await created.json()) as { key: string };
    await ask(key);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await expect(ask(key)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('health', () => {
  it('answers /health and /ready without a key', async () => {
    expect((await fetch(`${suite.gateway.url}/health`)).status).toBe(200);
    const ready = await fetch(`${suite.gateway.url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).status).toBe('ready');
  });
});
