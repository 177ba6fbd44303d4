// Cost audit: behaviour that held up, pinned end to end where no test covered it. Each test checks
// the same request in the four places a user reads it: the usage returned to the client, the
// request record (GET /admin/records/:id), the totals (GET /admin/usage) and /metrics.
//
// Provider facts relied on:
// - OpenAI: prompt_tokens includes prompt_tokens_details.cached_tokens; completion_tokens includes
//   completion_tokens_details.reasoning_tokens; with stream_options.include_usage a last chunk with
//   `choices: []` carries the usage (https://platform.openai.com/docs/api-reference/chat/object,
//   https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
// - Anthropic: input_tokens excludes cache_read_input_tokens and cache_creation_input_tokens;
//   cache_creation splits writes into ephemeral_5m_input_tokens (1.25x input) and
//   ephemeral_1h_input_tokens (2x input); reads cost 0.1x input; message_delta usage is cumulative
//   and may restate (and, with server tools, raise) the input counts of message_start
//   (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching,
//   https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types).
// - Gemini: promptTokenCount includes cachedContentTokenCount; thoughtsTokenCount is outside
//   candidatesTokenCount and billed as output (https://ai.google.dev/api/generate-content#UsageMetadata,
//   https://ai.google.dev/gemini-api/docs/pricing).

import { describe, expect, it } from 'vitest';
import { event, message, ping, textBlock } from './fixtures/anthropic-wire.js';
import { chunk, done, sse, usageChunk } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { threeMocksSuite } from './support/three-mocks-suite.js';

const M = 1e-6;

const suite = threeMocksSuite(
  (urls) => `
providers:
  openai: { type: openai, baseUrl: ${urls.openai}/v1, apiKey: k-o }
  anthropic: { type: anthropic, baseUrl: ${urls.anthropic}/v1, apiKey: k-a }
  gemini: { type: gemini, baseUrl: ${urls.gemini}/v1beta, apiKey: k-g }
  vllm: { type: openai-compatible, baseUrl: ${urls.openai}/v1, apiKey: k-v }
defaults:
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 }
models:
  pin-openai-stream:
    targets: [{ provider: openai, model: gpt-4o-mini }]
  pin-anthropic-ttl:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
  pin-anthropic-cross:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
  pin-anthropic-delta:
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
  pin-gemini:
    targets: [{ provider: gemini, model: gemini-2.5-flash }]
  pin-unknown:
    targets: [{ provider: vllm, model: house-llama-70b }]
`,
);

/** The route's row of GET /admin/usage and its cost counter on /metrics, after the record is in. */
async function totals(route: string): Promise<{ row: any; metricUsd: number }> {
  await suite.gateway.gateway.records.settled();
  const usage = await fetch(`${suite.gateway.url}/admin/usage?groupBy=route`, {
    headers: { authorization: `Bearer ${suite.gateway.adminToken}` },
  });
  const row = ((await usage.json()) as any).data.find((entry: any) => entry.group === route);
  const metrics = await (await fetch(`${suite.gateway.url}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find((text) => text.startsWith('switchyard_cost_usd_total') && text.includes(`route="${route}"`));
  return { row, metricUsd: Number(line?.split(' ').at(-1)) };
}

function anthropicStart(usage: Record<string, unknown>) {
  return event({
    type: 'message_start',
    message: message({ content: [], stop_reason: null, usage: { ...message().usage, ...usage } }),
  });
}

function anthropicDelta(usage: Record<string, unknown>) {
  return event({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage,
  } as any);
}

describe('cost audit pins', () => {
  it('OpenAI stream without include_usage: the suite.gateway asks for usage, strips it for the client, and prices cached tokens at the cached rate everywhere', async () => {
    suite.openaiMock.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: '' })),
        sse(chunk({ content: 'Hi' })),
        sse(chunk({}, 'stop')),
        sse(usageChunk(1200, 7, 1000)),
        done,
      ],
    });
    const { data, response } = await suite.openai.chat.completions
      .create({ model: 'pin-openai-stream', stream: true, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    const seenUsage: unknown[] = [];
    for await (const part of data) if (part.usage) seenUsage.push(part.usage);
    expect(seenUsage).toEqual([]);
    expect(suite.openaiMock.last.body.stream_options).toEqual({ include_usage: true });
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.usage).toMatchObject({ source: 'provider', inputTokens: 1200, cacheReadTokens: 1000 });
    // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million; cached not double-counted.
    const usd = 200 * 0.15 * M + 1000 * 0.075 * M + 7 * 0.6 * M;
    expect(record.cost.usd).toBeCloseTo(usd, 12);
    const { row, metricUsd } = await totals('pin-openai-stream');
    expect(row).toMatchObject({ requests: 1, inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 7 });
    expect(row.costUsd).toBeCloseTo(usd, 12);
    expect(metricUsd).toBeCloseTo(usd, 12);
  });

  it('Anthropic same-dialect answer mixing 5-minute and 1-hour cache writes: each priced at its own rate, passed to the client verbatim', async () => {
    const usage = {
      ...message().usage,
      input_tokens: 10,
      cache_read_input_tokens: 400,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
      output_tokens: 5,
    };
    suite.anthropicMock.reply({ kind: 'json', body: message({ usage }) });
    const { data, response } = await suite.anthropic.messages
      .create({ model: 'pin-anthropic-ttl', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.usage).toMatchObject({
      input_tokens: 10,
      cache_read_input_tokens: 400,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    });
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.usage).toMatchObject({
      inputTokens: 3410,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 2000,
    });
    // Haiku 3.5: $0.80 input, $0.08 read, $1.00 5m write, $1.60 1h write, $4 output.
    const usd = 10 * 0.8 * M + 400 * 0.08 * M + 1000 * 1 * M + 2000 * 1.6 * M + 5 * 4 * M;
    expect(record.cost.usd).toBeCloseTo(usd, 12);
    const { row, metricUsd } = await totals('pin-anthropic-ttl');
    expect(row).toMatchObject({ inputTokens: 3410, cacheReadTokens: 400, cacheWriteTokens: 3000 });
    expect(row.costUsd).toBeCloseTo(usd, 12);
    expect(metricUsd).toBeCloseTo(usd, 12);
  });

  it('OpenAI client streaming from Anthropic with 1-hour writes: prompt_tokens counts reads and writes, cached_tokens only reads; the record prices the 1-hour rate', async () => {
    suite.anthropicMock.reply({
      kind: 'sse',
      events: [
        anthropicStart({
          input_tokens: 10,
          cache_read_input_tokens: 400,
          cache_creation_input_tokens: 2000,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2000 },
          output_tokens: 1,
        }),
        ping,
        ...textBlock(0, ['Hi']),
        anthropicDelta({ output_tokens: 9 }),
        event({ type: 'message_stop' }),
      ],
    });
    const { data, response } = await suite.openai.chat.completions
      .create({
        model: 'pin-anthropic-cross',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'x' }],
      })
      .withResponse();
    const usages: any[] = [];
    for await (const part of data) if (part.usage) usages.push(part.usage);
    expect(usages).toHaveLength(1);
    expect(usages[0]).toMatchObject({
      prompt_tokens: 2410,
      completion_tokens: 9,
      total_tokens: 2419,
      prompt_tokens_details: { cached_tokens: 400 },
    });
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    const usd = 10 * 0.8 * M + 400 * 0.08 * M + 2000 * 1.6 * M + 9 * 4 * M;
    expect(record.cost.usd).toBeCloseTo(usd, 12);
    const { metricUsd } = await totals('pin-anthropic-cross');
    expect(metricUsd).toBeCloseTo(usd, 12);
  });

  it('Anthropic stream whose message_delta restates larger cumulative input counts (server tools) is billed on the message_delta figures', async () => {
    suite.anthropicMock.reply({
      kind: 'sse',
      events: [
        anthropicStart({
          input_tokens: 500,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
          output_tokens: 1,
        }),
        ping,
        ...textBlock(0, ['Found it.']),
        anthropicDelta({
          input_tokens: 6000,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
          output_tokens: 40,
        }),
        event({ type: 'message_stop' }),
      ],
    });
    const stream = suite.anthropic.messages.stream({
      model: 'pin-anthropic-delta',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'x' }],
    });
    const final = await stream.finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 6000, output_tokens: 40 });
    const id = (await stream.withResponse()).response.headers.get('x-request-id')!;
    const record = await fetchRecord(suite.gateway, id);
    expect(record.usage).toMatchObject({ source: 'provider', inputTokens: 6000, outputTokens: 40 });
    expect(record.cost.usd).toBeCloseTo(6000 * 0.8 * M + 40 * 4 * M, 12);
  });

  it('Gemini implicit cache and thoughts: cached tokens at the cached rate inside the prompt, thoughts billed as output; an Anthropic client gets input_tokens without the cache reads', async () => {
    suite.geminiMock.reply({
      kind: 'json',
      body: {
        modelVersion: 'gemini-2.5-flash',
        responseId: 'resp-pin',
        candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }],
        usageMetadata: {
          promptTokenCount: 10_000,
          cachedContentTokenCount: 8_000,
          candidatesTokenCount: 100,
          thoughtsTokenCount: 400,
          totalTokenCount: 10_500,
        },
      },
    });
    const { data, response } = await suite.anthropic.messages
      .create({ model: 'pin-gemini', max_tokens: 1000, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(data.usage).toMatchObject({
      input_tokens: 2000,
      cache_read_input_tokens: 8000,
      cache_creation_input_tokens: 0,
      output_tokens: 500,
    });
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.usage).toMatchObject({
      inputTokens: 10_000,
      cacheReadTokens: 8_000,
      outputTokens: 500,
      reasoningTokens: 400,
    });
    // gemini-2.5-flash: $0.30 input, $0.03 cached, $2.50 output (thinking included) per million.
    const usd = 2000 * 0.3 * M + 8000 * 0.03 * M + 500 * 2.5 * M;
    expect(record.cost.usd).toBeCloseTo(usd, 12);
    const { row, metricUsd } = await totals('pin-gemini');
    expect(row).toMatchObject({
      inputTokens: 10_000,
      cacheReadTokens: 8_000,
      outputTokens: 500,
      reasoningTokens: 400,
    });
    expect(metricUsd).toBeCloseTo(usd, 12);
  });

  it('a model the catalog does not know: cost null with unknown [model] and knownUsd 0, tokens still counted, the request counted as unpriced in /admin/usage and /metrics', async () => {
    suite.openaiMock.reply({
      kind: 'json',
      body: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'house-llama-70b',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 300, completion_tokens: 20, total_tokens: 320 },
      },
    });
    const { response } = await suite.openai.chat.completions
      .create({ model: 'pin-unknown', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost).toMatchObject({ usd: null, knownUsd: 0, unknown: ['model'] });
    expect(record.cost.lines.map((line: any) => [line.part, line.tokens, line.usd])).toEqual([
      ['input', 300, null],
      ['output', 20, null],
    ]);
    const { row } = await totals('pin-unknown');
    expect(row).toMatchObject({
      requests: 1,
      inputTokens: 300,
      outputTokens: 20,
      costUsd: 0,
      unpricedRequests: 1,
    });
    const metrics = await (await fetch(`${suite.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_unpriced_requests_total\{route="pin-unknown"\} 1/);
  });
});
