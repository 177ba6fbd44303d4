// records.enabled: false - no request log is written or served, while metrics still count.

import { existsSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completion } from './fixtures/openai-wire.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  gateway = await startTestGateway(
    mockProvidersYaml(openaiMock.url, anthropicMock.url, '') + '\nrecords: { enabled: false }\n',
  );
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

it('keeps no log, answers the admin API with a clear 404, and still counts in /metrics', async () => {
  openaiMock.reply({ kind: 'json', body: completion() });
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  await gateway.gateway.records.settled();
  const response = await fetch(`${gateway.url}/admin/records`, {
    headers: { authorization: `Bearer ${gateway.adminToken}` },
  });
  expect(response.status).toBe(404);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
    'records.enabled',
  );
  // The review queue is kept with the log: off with it.
  const reviews = await fetch(`${gateway.url}/admin/reviews`, {
    headers: { authorization: `Bearer ${gateway.adminToken}` },
  });
  expect(reviews.status).toBe(404);
  expect(((await reviews.json()) as { error: { message: string } }).error.message).toContain(
    'records.enabled',
  );
  expect(existsSync(path.join(gateway.dataDir, 'records.db'))).toBe(false);
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  expect(metrics).toMatch(/switchyard_requests_total\{[^}]*route="gpt-4o-mini"[^}]*\} 1/);
  expect(metrics).not.toContain('switchyard_record_queue_depth');
  expect(metrics).not.toContain('switchyard_reviews_pending');
});
