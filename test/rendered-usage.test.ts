// The usage the gateway writes itself keeps what the provider reported: on a route with output
// guardrails the answer is re-encoded from canonical form, and OpenAI audio tokens
// (prompt_tokens_details / completion_tokens_details.audio_tokens) and Anthropic web searches
// (usage.server_tool_use.web_search_requests, in a stream's message_delta) must reach the official
// clients as they would without the gateway in between.
// @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
// @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/web-search-tool#usage-and-pricing

import type { ChatCompletion } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { messageEnd, messageStart, ping, textBlock } from './fixtures/anthropic-wire.js';
import { chunk, completion, done, sse, usageChunk } from './fixtures/openai-wire.js';
import { guardrailRoutesYaml } from './support/guardrail-routes.js';
import { mockGatewaySuite } from './support/mock-gateway-suite.js';
import { anthropicClient, openaiClient } from './support/sdk-clients.js';

// out-mask re-encodes OpenAI answers; this route does the same for Anthropic ones.
const suite = mockGatewaySuite(`${guardrailRoutesYaml('out-mask')}  out-mask-anthropic:
    guardrails: { output: [{ check: pii, action: mask, types: [card, iban, secret] }] }
    targets: [{ provider: anthropic, model: claude-3-5-haiku-20241022 }]
`);

const audioUsage: ChatCompletion['usage'] = {
  prompt_tokens: 1200,
  completion_tokens: 450,
  total_tokens: 1650,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 900 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 400 },
};

const searches = { web_search_requests: 3, web_fetch_requests: 0 };

describe('usage the gateway renders itself', () => {
  it('OpenAI client, guarded route: audio tokens in a JSON answer and in a stream’s usage chunk', async () => {
    const openai = openaiClient(suite.gateway);
    suite.openai.reply({ kind: 'json', body: completion({ usage: audioUsage }) });
    const answer = await openai.chat.completions.create({
      model: 'out-mask',
      messages: [{ role: 'user', content: 'Listen to this.' }],
    });
    expect(answer.usage?.prompt_tokens_details?.audio_tokens).toBe(900);
    expect(answer.usage?.completion_tokens_details?.audio_tokens).toBe(400);

    suite.openai.reply({
      kind: 'sse',
      events: [
        sse(chunk({ role: 'assistant', content: 'Heard.' })),
        sse(chunk({}, 'stop')),
        sse({ ...usageChunk(), usage: audioUsage }),
        done,
      ],
    });
    const stream = await openai.chat.completions.create({
      model: 'out-mask',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Listen to this.' }],
    });
    let usage: ChatCompletion['usage'];
    for await (const part of stream) usage = part.usage ?? usage;
    expect(usage?.prompt_tokens_details?.audio_tokens).toBe(900);
    expect(usage?.completion_tokens_details?.audio_tokens).toBe(400);
  });

  it('Anthropic client, guarded route: web searches in the re-encoded stream’s message_delta', async () => {
    // A stream that declares server tools is refused on such a route (its blocks could not be
    // re-encoded), and a whole answer passes through with Anthropic's own usage; a re-encoded
    // stream still carries whatever count the upstream reported, into the SDK's final usage.
    suite.anthropic.reply({
      kind: 'sse',
      events: [messageStart(), ping, ...textBlock(0, ['Hel', 'lo']), ...messageEnd('end_turn', 5, searches)],
    });
    const deltas: unknown[] = [];
    const stream = anthropicClient(suite.gateway).messages.stream({
      model: 'out-mask-anthropic',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'What is new today?' }],
    });
    stream.on('streamEvent', (streamed) => {
      if (streamed.type === 'message_delta') deltas.push(streamed.usage);
    });
    const final = await stream.finalMessage();
    expect(deltas).toEqual([expect.objectContaining({ server_tool_use: { web_search_requests: 3 } })]);
    expect(final.usage.server_tool_use?.web_search_requests).toBe(3);
  });
});
