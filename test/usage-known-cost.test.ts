// Usage totals of partly priced requests: a request with an unpriced token class counts for its
// priced part (cost.knownUsd), in GET /admin/usage and switchyard usage as in /metrics.

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../src/cli/__fixtures__/test-context.js';
import { completion } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { MockUpstream } from './support/mock-upstream.js';
import { mockProvidersYaml, startTestGateway, type TestGateway } from './support/test-gateway.js';

let openaiMock: MockUpstream;
let anthropicMock: MockUpstream;
let gateway: TestGateway;
let openai: OpenAI;

const extra = `
  partly-priced:
    targets: [{ provider: openai, model: house-model-1 }]
catalog:
  models:
    house-model:
      providers: { openai: [house-model-1] }
      kind: chat
      prices: { input: 1.0, output: 2.0 }
`;

beforeAll(async () => {
  openaiMock = await new MockUpstream().start();
  anthropicMock = await new MockUpstream().start();
  gateway = await startTestGateway(mockProvidersYaml(openaiMock.url, anthropicMock.url, extra));
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await openaiMock.stop();
  await anthropicMock.stop();
});

async function admin(path: string) {
  const response = await fetch(`${gateway.url}${path}`, {
    headers: { authorization: `Bearer ${gateway.adminToken}` },
  });
  return response.json() as Promise<any>;
}

describe('partly priced requests in the usage totals', () => {
  it('GET /admin/usage counts the priced part (cost.knownUsd) of a request with an unpriced token class, as /metrics does', async () => {
    // 1200 prompt tokens of which 1000 cached: the catalog entry prices input and output, not cachedInput.
    openaiMock.always({ kind: 'json', body: completion({ model: 'house-model-1' }) });
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { response } = await openai.chat.completions
        .create({ model: 'partly-priced', messages: [{ role: 'user', content: `q${index}` }] })
        .withResponse();
      ids.push(response.headers.get('x-request-id')!);
    }
    const records = await Promise.all(ids.map((id) => fetchRecord(gateway, id)));
    for (const record of records) {
      expect(record.cost.usd).toBeNull();
      expect(record.cost.unknown).toEqual(['cachedInput']);
      // 200 plain input x $1/M + 7 output x $2/M
      expect(record.cost.knownUsd).toBeCloseTo(200e-6 + 14e-6, 12);
    }
    const known = records.reduce((sum, record) => sum + record.cost.knownUsd, 0);

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((text) => text.startsWith('switchyard_cost_usd_total') && text.includes('route="partly-priced"'));
    expect(Number(line?.split(' ').at(-1))).toBeCloseTo(known, 12);

    const usage = await admin('/admin/usage?groupBy=route');
    const row = usage.data.find((entry: any) => entry.group === 'partly-priced');
    expect(row).toMatchObject({ requests: 3, unpricedRequests: 3 });
    // docs/records.md: "Never silently zero ... the priced part in cost.knownUsd. `switchyard usage` marks such totals with `+`."
    expect(row.costUsd).toBeCloseTo(known, 12);

    const cli = testContext({
      env: { SWITCHYARD_URL: gateway.url, SWITCHYARD_ADMIN_TOKEN: gateway.adminToken },
    });
    const table = await cli.run('usage', '--by', 'route', '--from', '0');
    expect(table.stdout).toMatch(/partly-priced.*\$0\.000642\+/);
  });
});
