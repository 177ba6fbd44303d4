// Anthropic web searches are charged in the record, the usage totals and /metrics, on a stream too:
// the count arrives in message_delta's cumulative usage (server_tool_use.web_search_requests), after
// message_start reported none. $10 per 1,000 searches on top of tokens
// (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing).

import { describe, expect, it } from 'vitest';
import { messageEnd, messageStart, ping, textBlock } from './fixtures/anthropic-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { providerSuite } from './support/provider-suite.js';

const searches = { web_search_requests: 3, web_fetch_requests: 0 };

const suite = providerSuite(
  (mockUrl) => `
providers:
  anthropic: { type: anthropic, baseUrl: ${mockUrl}/v1, apiKey: k-a }
defaults:
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 }
models:
  searcher:
    targets: [{ provider: anthropic, model: claude-haiku-4-5-20251001 }]
`,
);

describe('web search fees', () => {
  it('a streamed answer whose message_delta reports 3 searches is charged $0.03 more, in the record, /admin/usage and /metrics', async () => {
    suite.mock.reply({
      kind: 'sse',
      events: [messageStart(), ping, ...textBlock(0, ['Hel', 'lo']), ...messageEnd('end_turn', 5, searches)],
    });
    const stream = suite.anthropic.messages.stream({
      model: 'searcher',
      max_tokens: 100,
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }],
      messages: [{ role: 'user', content: 'What is new today?' }],
    });
    const final = await stream.finalMessage();
    // The client gets Anthropic's own message_delta, count included.
    expect(final.usage.server_tool_use?.web_search_requests).toBe(3);
    const id = (await stream.withResponse()).response.headers.get('x-request-id')!;
    const record = await fetchRecord(suite.gateway, id);
    expect(record.usage.webSearchRequests).toBe(3);
    expect(record.cost.fees).toEqual([{ part: 'webSearch', requests: 3, usdPerThousand: 10, usd: 0.03 }]);
    // Haiku 4.5 ($1 in, $0.10 cached, $1.25 5-minute writes, $5 out per million): 100 plain + 1,000
    // read + 50 written, 5 out = $0.0001 + $0.0001 + $0.0000625 + $0.000025; + 3 x $0.01.
    const usd = 0.0001 + 0.0001 + 0.0000625 + 0.000025 + 0.03;
    expect(record.cost.usd).toBeCloseTo(usd, 12);

    await suite.gateway.gateway.records.settled();
    const totals = await fetch(`${suite.gateway.url}/admin/usage?groupBy=route`, {
      headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
    });
    const row = ((await totals.json()) as any).data.find((entry: any) => entry.group === 'searcher');
    expect(row.costUsd).toBeCloseTo(usd, 12);
    expect(row.unpricedRequests).toBe(0);
    // The searches and their fee have columns of their own, inside the cost.
    expect(row.webSearchRequests).toBe(3);
    expect(row.feeUsd).toBeCloseTo(0.03, 12);
    const metrics = await (await fetch(`${suite.gateway.url}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((text) => text.startsWith('switchyard_cost_usd_total') && text.includes('route="searcher"'));
    expect(Number(line?.split(' ').at(-1))).toBeCloseTo(usd, 12);
  });
});
