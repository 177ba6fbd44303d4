// Cost audit: upstream attempts the provider accepted (HTTP 200) and reported usage for, but which
// did not serve the answer, are billed by the provider and must be in the request's cost.
//
// Today only the served attempt, hedge losers and json-schema re-asks are priced
// (src/telemetry/complete-record.ts, called-off-cost.ts, RequestTrail.noteWinner): an attempt that
// ended in an error is assumed to have "billed nothing", and an attempt's stream observer is only
// attached to its trail at the commit point (src/pipeline/chat-attempt.ts noteStream), so the
// usage it reported before failing, timing out or being called off is thrown away.
//
// Provider facts relied on:
// - Anthropic streaming: `message_start` carries the Message with its `usage` (input_tokens,
//   cache_read_input_tokens, cache_creation_input_tokens) — the provider's own count of the input
//   it has processed for this request (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
//   The gateway itself trusts these figures for a served stream cut after message_start
//   (docs/records.md, "Usage and cost").
// - Gemini: a generateContent answer is HTTP 200 with `usageMetadata` (promptTokenCount,
//   candidatesTokenCount) even when the candidate's finishReason is MALFORMED_FUNCTION_CALL — the
//   model ran and produced output (https://ai.google.dev/api/generate-content#UsageMetadata,
//   https://ai.google.dev/api/generate-content#FinishReason).
// - OpenAI: once a streamed request has answered 200 and sent its first chunk, the prompt has
//   been read; the gateway's own rule for a hedge loser in exactly that state is that "the
//   provider bills the loser" (docs/configuration.md, hedging; docs/records.md, "Hedges are paid
//   for"). A first-token timeout followed by a fallback leaves the same billed attempt behind.

import { describe, expect, it } from 'vitest';
import { event, message, messageEnd, messageStart, ping, textBlock } from './fixtures/anthropic-wire.js';
import { chunk, done, sse, usageChunk } from './fixtures/openai-wire.js';
import { fetchRecord } from './support/fetch-record.js';
import { threeMocksSuite } from './support/three-mocks-suite.js';

const M = 1e-6;
// Catalog prices (src/catalog/models/*.ts), USD per million tokens.
const haiku35 = { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite5m: 1 };
const flash25 = { input: 0.3, output: 2.5 };
const mini = { input: 0.15, cachedInput: 0.075, output: 0.6 };

const suite = threeMocksSuite(
  (urls) => `
providers:
  openai-east: { type: openai, baseUrl: ${urls.openai}/v1, apiKey: k-east }
  openai-west: { type: openai, baseUrl: ${urls.openai}/v1, apiKey: k-west }
  anthropic-a: { type: anthropic, baseUrl: ${urls.anthropic}/v1, apiKey: k-a }
  anthropic-b: { type: anthropic, baseUrl: ${urls.anthropic}/v1, apiKey: k-b }
  gemini: { type: gemini, baseUrl: ${urls.gemini}/v1beta, apiKey: k-g }
defaults:
  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }
models:
  haiku-pair:
    targets:
      - { provider: anthropic-a, model: claude-3-5-haiku-20241022 }
      - { provider: anthropic-b, model: claude-3-5-haiku-20241022 }
  haiku-hedged:
    hedge: { delayMs: 50 }
    targets:
      - { provider: anthropic-a, model: claude-3-5-haiku-20241022 }
      - { provider: anthropic-b, model: claude-3-5-haiku-20241022 }
  flash:
    targets: [{ provider: gemini, model: gemini-2.5-flash }]
  mini-pair:
    targets:
      - { provider: openai-east, model: gpt-4o-mini, timeouts: { firstTokenMs: 200 } }
      - { provider: openai-west, model: gpt-4o-mini }
`,
);

/** message_start reporting `input` uncached input tokens, as the first attempt's provider counted them. */
function startWithInput(input: number) {
  return event({
    type: 'message_start',
    message: message({
      content: [],
      stop_reason: null,
      usage: {
        ...message().usage,
        input_tokens: input,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        output_tokens: 1,
      },
    }),
  });
}

/** The served answer of the fixtures: 100 input, 1000 cache reads, 50 5-minute writes, 5 output. */
const servedHaikuUsd =
  100 * haiku35.input * M +
  1000 * haiku35.cachedInput * M +
  50 * haiku35.cacheWrite5m * M +
  5 * haiku35.output * M;

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // read to the end
  }
}

describe('cost audit: billed attempts that did not serve', () => {
  it('an Anthropic attempt that reported 40k input tokens in message_start and then failed with overloaded_error before any content is costed, not dropped', async () => {
    suite.anthropicMock.reply(
      {
        kind: 'sse',
        events: [
          startWithInput(40_000),
          ping,
          {
            event: 'error',
            data: JSON.stringify({
              type: 'error',
              error: { type: 'overloaded_error', message: 'Overloaded' },
            }),
          },
        ],
      },
      { kind: 'sse', events: [messageStart(), ping, ...textBlock(0, ['Hi']), ...messageEnd('end_turn', 5)] },
    );
    const { data, response } = await suite.openai.chat.completions
      .create({ model: 'haiku-pair', stream: true, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    await drain(data);
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(suite.anthropicMock.requests).toHaveLength(2);
    expect(record.attempts.map((attempt: any) => attempt.status)).toEqual([200, 200]);
    // The first attempt's provider said it read 40,000 input tokens ($0.032 at Haiku 3.5's $0.80/M).
    // Today the record holds only the served answer's $0.00023: the $0.032 is missing (140x less).
    const failedAttemptUsd = 40_000 * haiku35.input * M;
    expect(record.cost.usd).toBeGreaterThanOrEqual(servedHaikuUsd + failedAttemptUsd - 1e-9);
  });

  it('every Gemini answer that came back 200 with usageMetadata but finishReason MALFORMED_FUNCTION_CALL (and was retried) is costed', async () => {
    const malformed = {
      modelVersion: 'gemini-2.5-flash',
      responseId: 'resp-malformed',
      candidates: [
        { index: 0, content: { role: 'model', parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL' },
      ],
      usageMetadata: { promptTokenCount: 12_000, candidatesTokenCount: 300, totalTokenCount: 12_300 },
    };
    suite.geminiMock.reply(
      { kind: 'json', body: malformed },
      { kind: 'json', body: malformed },
      { kind: 'json', body: malformed },
    );
    const response = await fetch(`${suite.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.gateway.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'flash', messages: [{ role: 'user', content: 'call the tool' }] }),
    });
    expect(response.status).toBe(502);
    await response.text();
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    const answered = suite.geminiMock.requests.length;
    expect(answered).toBeGreaterThanOrEqual(1);
    // Each answer: 12,000 prompt tokens at $0.30/M + 300 output at $2.50/M = $0.00435.
    // Today: one local estimate of the 3-token prompt, about $0.000001 (source: estimated).
    const perAnswerUsd = 12_000 * flash25.input * M + 300 * flash25.output * M;
    expect(record.cost.usd).toBeGreaterThanOrEqual(answered * perAnswerUsd - 1e-9);
  });

  it('a stream attempt that answered 200, sent its role chunk and then hit firstTokenMs before the fallback served is costed like a hedge loser', async () => {
    suite.openaiMock.reply(
      // Accepted, role chunk sent, then silent past firstTokenMs (200 ms).
      { kind: 'sse', events: [sse(chunk({ role: 'assistant', content: '' }))], stallMs: 1500 },
      {
        kind: 'sse',
        events: [
          sse(chunk({ role: 'assistant', content: '' })),
          sse(chunk({ content: 'Hi' })),
          sse(chunk({}, 'stop')),
          sse(usageChunk(1200, 7, 1000)),
          done,
        ],
      },
    );
    const { data, response } = await suite.openai.chat.completions
      .create({
        model: 'mini-pair',
        stream: true,
        messages: [
          { role: 'user', content: 'Please summarise the quarterly report in three bullet points.' },
        ],
      })
      .withResponse();
    await drain(data);
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.attempts.map((attempt: any) => [attempt.status, attempt.errorCode])).toEqual([
      [200, 'upstream_timeout'],
      [200, null],
    ]);
    const servedUsd = 200 * mini.input * M + 1000 * mini.cachedInput * M + 7 * mini.output * M;
    // A hedge loser in this very state is priced (prompt counted with the tokenizer); this one is $0.
    expect(record.cost.usd).toBeGreaterThan(servedUsd + 1e-12);
  });

  it('a hedge loser whose message_start reported 40k input tokens is priced from those figures, not from a tokenizer estimate of the prompt', async () => {
    suite.anthropicMock.reply(
      // Started (message_start with the provider's input count), then slow: the hedge wins.
      { kind: 'sse', events: [startWithInput(40_000), ping], stallMs: 1500 },
      { kind: 'sse', events: [messageStart(), ping, ...textBlock(0, ['Hi']), ...messageEnd('end_turn', 5)] },
    );
    const { data, response } = await suite.openai.chat.completions
      .create({ model: 'haiku-hedged', stream: true, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    await drain(data);
    expect(response.headers.get('x-switchyard-hedge')).toBe('hedge-won');
    const record = await fetchRecord(suite.gateway, response.headers.get('x-request-id')!);
    expect(record.cost.calledOff).toHaveLength(1);
    // docs/records.md: a called-off attempt's tokens are "the loser's own usage when it answered
    // before the abort", and a stream cut after message_start "keeps those reported input figures".
    // Today: inputTokens 8 (tokenizer estimate of the prompt), $0.0000064 instead of $0.032.
    expect(record.cost.calledOff[0].inputTokens).toBe(40_000);
    expect(record.cost.usd).toBeGreaterThanOrEqual(servedHaikuUsd + 40_000 * haiku35.input * M - 1e-9);
  });
});
