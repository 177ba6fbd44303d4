// The keys admin API's and the admin queries' edges: what the key store refuses (metadata over 16 KB
// of JSON, a blank team or project) is a 400 naming the field, never a 500; a time past year 9999
// names from/to; a parameter named like an Object.prototype member is unknown.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../src/cli/__fixtures__/test-context.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url));
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

async function admin(path: string, init: RequestInit = {}) {
  const response = await fetch(`${gateway.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

describe('keys admin API edges', () => {
  it('metadata over the 16 KB limit is a 400 naming metadata, not a 500', async () => {
    const metadata = { blob: 'x'.repeat(20_000) };
    const created = await admin('/admin/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'big', metadata }),
    });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/metadata/);
  });

  it('a blank teamId or projectId is a 400, not a 500', async () => {
    for (const field of ['teamId', 'projectId']) {
      const created = await admin('/admin/keys', {
        method: 'POST',
        body: JSON.stringify({ name: 'blank-team', [field]: '   ' }),
      });
      expect(created.status, field).toBe(400);
    }
  });

  it('keys create through the CLI with a blank --team fails with a message, not "unexpected error"', async () => {
    const cli = testContext({
      env: { SWITCHYARD_URL: gateway.url, SWITCHYARD_ADMIN_TOKEN: gateway.adminToken },
    });
    const result = await cli.run('keys', 'create', '--name', 'x', '--team', ' ');
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/500|unexpected/i);
  });
});

describe('admin query parameters', () => {
  it('a from/to beyond year 9999 is a 400 naming from/to, not "cursor"', async () => {
    const records = await admin('/admin/records?from=999999999999999');
    expect(records.status).toBe(400);
    expect(records.body.error.param).toBe('from');
    const usage = await admin('/admin/usage?to=999999999999999');
    expect(usage.status).toBe(400);
    expect(usage.body.error.param).toBe('to');
  });

  it('a parameter named like an Object.prototype member is "unknown", not "given twice"', async () => {
    const response = await admin('/admin/records?constructor=1');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/Unknown/);
  });
});
