// Translation at the edges, end to end with the official SDKs: signed thinking carried through an
// OpenAI client and replayed on the next tool turn (against a mock that rejects a turn without it,
// like the real API), reasoning_effort <-> thinking budgets, tool-call ids over several turns, and
// image URLs fetched (behind the SSRF guard) for a provider that takes bytes only.

import { FinishReason } from '@google/genai';
import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completion, sse, chunk, usageChunk, toolCallCompletion } from './fixtures/openai-wire.js';
import { ThinkingAnthropicUpstream } from './support/edges-upstream.js';
import { MockUpstream } from './support/mock-upstream.js';
import type { GenerateContentResponseBody } from '../src/providers/gemini/api.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

let anthropicMock: ThinkingAnthropicUpstream;
let openaiMock: MockUpstream;
let compatibleMock: MockUpstream;
let geminiMock: MockUpstream;
let imageServer: MockUpstream;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  anthropicMock = await new ThinkingAnthropicUpstream().start();
  openaiMock = await new MockUpstream().start();
  compatibleMock = await new MockUpstream().start();
  geminiMock = await new MockUpstream().start();
  imageServer = await new MockUpstream().start();
  imageServer.always({ kind: 'text', status: 200, body: pngText, headers: { 'content-type': 'image/png' } });
  gateway = await startTestGateway(`
providers:
  anthropic: { type: anthropic, baseUrl: ${anthropicMock.url}/v1, apiKey: upstream-anthropic-key }
  openai: { type: openai, baseUrl: ${openaiMock.url}/v1, apiKey: upstream-openai-key }
  local: { type: openai-compatible, baseUrl: ${compatibleMock.url}/v1, server: vllm }
  gemini: { type: gemini, baseUrl: ${geminiMock.url}/v1beta, apiKey: upstream-gemini-key }
outbound:
  images: { allow: [127.0.0.1], maxBytes: 1kb }
defaults:
  retry: { attempts: 0 }
models:
  claude-thinker:
    targets: [{ provider: anthropic, model: claude-sonnet-4-5-20250929 }]
  reasoner:
    targets: [{ provider: openai, model: o3-mini }]
  local-model:
    targets: [{ provider: local, model: kimi-k2 }]
  gemini-flash:
    targets: [{ provider: gemini, model: gemini-2.5-flash }]
`);
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await anthropicMock.stop();
  await openaiMock.stop();
  await compatibleMock.stop();
  await geminiMock.stop();
  await imageServer.stop();
});

afterEach(() => {
  anthropicMock.forget();
  openaiMock.forget();
  compatibleMock.forget();
  geminiMock.forget();
  imageServer.forget();
});

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

const thinking = {
  type: 'thinking',
  thinking: 'The user wants Oslo weather; call the tool.',
  signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYWxsIGl0IGEgZGF5',
} as const;
const redacted = { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDKNs' } as const;

function toolTurn(id: string): ContentBlock[] {
  return [
    { ...thinking },
    { ...redacted },
    { type: 'text', text: 'Let me check.', citations: null },
    { type: 'tool_use', id, name: 'weather', input: { city: 'Oslo' }, caller: { type: 'direct' } },
  ] as ContentBlock[];
}
const answerTurn = [{ type: 'text', text: 'It is 12°C in Oslo.', citations: null }] as ContentBlock[];

const question: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];

describe('OpenAI client, Anthropic model with extended thinking', () => {
  it('returns signed thinking as thinking_blocks and accepts it back on the tool turn', async () => {
    anthropicMock.script(
      { content: toolTurn('toolu_01A09q90qw90lq917835lq9'), stopReason: 'tool_use' },
      { content: answerTurn, stopReason: 'end_turn' },
    );
    const first = await openai.chat.completions.create({
      model: 'claude-thinker',
      messages: question,
      tools: [weatherTool],
      reasoning_effort: 'high',
    });
    const turn1 = anthropicMock.last;
    expect(turn1.path).toBe('/v1/messages');
    expect(turn1.headers['x-api-key']).toBe('upstream-anthropic-key');
    expect(turn1.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16_384 });
    expect(turn1.body.max_tokens).toBe(16_384 + 4096);

    const message = first.choices[0]!.message;
    expect(message.tool_calls?.[0]?.id).toBe('toolu_01A09q90qw90lq917835lq9');
    expect(message).toMatchObject({
      content: 'Let me check.',
      reasoning_content: thinking.thinking,
      thinking_blocks: [thinking, redacted],
    });
    expect(first.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 25 });

    // The usual agent loop: append the assistant message as received, then the tool result.
    const second = await openai.chat.completions.create({
      model: 'claude-thinker',
      messages: [
        ...question,
        message,
        { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '12°C' },
      ],
      tools: [weatherTool],
      reasoning_effort: 'high',
    });
    expect(second.choices[0]?.message.content).toBe('It is 12°C in Oslo.');
    const replayed = anthropicMock.last.body.messages[1];
    expect(replayed?.content).toEqual([
      thinking,
      redacted,
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(anthropicMock.last.body.messages[2]?.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_01A09q90qw90lq917835lq9',
        content: [{ type: 'text', text: '12°C' }],
      },
    ]);
  });

  it("relays Anthropic's 400 when a client drops the thinking blocks of a tool turn", async () => {
    const error: unknown = await openai.chat.completions
      .create({
        model: 'claude-thinker',
        messages: [
          ...question,
          {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [
              { id: 'toolu_02', type: 'function', function: { name: 'weather', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'toolu_02', content: '12°C' },
        ],
        tools: [weatherTool],
        reasoning_effort: 'low',
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(
      'must start with a thinking block',
    );
    expect(anthropicMock.last.body.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it('streams thinking_blocks so the SDK’s accumulated message can be replayed', async () => {
    anthropicMock.script(
      { content: toolTurn('toolu_stream_1'), stopReason: 'tool_use' },
      { content: answerTurn, stopReason: 'end_turn' },
    );
    const stream = openai.chat.completions.stream({
      model: 'claude-thinker',
      messages: question,
      tools: [weatherTool],
      reasoning_effort: 'medium',
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(anthropicMock.last.body.stream).toBe(true);
    const message = final.choices[0]!.message;
    expect((message as unknown as Record<string, unknown>).thinking_blocks).toEqual([thinking, redacted]);
    expect(message.tool_calls?.[0]?.id).toBe('toolu_stream_1');
    expect(final.usage?.completion_tokens).toBe(25);

    const answer = openai.chat.completions.stream({
      model: 'claude-thinker',
      messages: [
        ...question,
        message as ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: 'toolu_stream_1', content: '12°C' },
      ],
      tools: [weatherTool],
      reasoning_effort: 'medium',
    });
    expect((await answer.finalChatCompletion()).choices[0]?.message.content).toBe('It is 12°C in Oslo.');
    expect(anthropicMock.last.body.messages[1]?.content).toEqual(
      expect.arrayContaining([thinking, redacted]),
    );
  });

  it('ends a stream cut after the thinking with an error, never a clean end', async () => {
    anthropicMock.script({ content: toolTurn('toolu_cut'), stopReason: 'tool_use', cutAfterBlocks: 1 });
    const stream = openai.chat.completions.stream({
      model: 'claude-thinker',
      messages: question,
      reasoning_effort: 'low',
    });
    const seen: string[] = [];
    stream.on('chunk', (part) => seen.push(JSON.stringify(part)));
    await expect(stream.finalChatCompletion()).rejects.toThrow(/upstream/);
    expect(seen.join('')).toContain('thinking_blocks');
  });
});

describe('Anthropic client, OpenAI reasoning model', () => {
  it('maps budget_tokens to reasoning_effort, drops thinking from history and keeps tool ids', async () => {
    openaiMock.reply({
      kind: 'json',
      body: { ...toolCallCompletion('weather', '{"city":"Bergen"}', 'call_8fJ2'), model: 'o3-mini' },
    });
    const result = await anthropic.messages.create({
      model: 'reasoner',
      max_tokens: 20_000,
      thinking: { type: 'enabled', budget_tokens: 10_000 },
      tools: [
        { name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: [
            { ...thinking },
            { ...redacted },
            {
              type: 'tool_use',
              id: 'toolu_01A09q90qw90lq917835lq9',
              name: 'weather',
              input: { city: 'Oslo' },
            },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '12°C' }],
        },
        { role: 'user', content: 'And Bergen?' },
      ],
    });
    const sent = openaiMock.last;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer upstream-openai-key');
    expect(sent.body.reasoning_effort).toBe('medium');
    expect(JSON.stringify(sent.body.messages)).not.toContain(thinking.signature);
    expect(JSON.stringify(sent.body.messages)).not.toContain(redacted.data);
    expect(sent.body.messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9' }],
    });
    expect(sent.body.messages[2]).toMatchObject({
      role: 'tool',
      tool_call_id: 'toolu_01A09q90qw90lq917835lq9',
    });
    expect(result.content).toEqual([
      { type: 'tool_use', id: 'call_8fJ2', name: 'weather', input: { city: 'Bergen' } },
    ]);
    expect(result.stop_reason).toBe('tool_use');
  });
});

describe('tool-call ids across dialects and turns', () => {
  const oddId = 'functions.weather:0';

  it('keeps a compatible server’s id for an Anthropic client and sends it back unchanged', async () => {
    compatibleMock.reply(
      {
        kind: 'sse',
        events: [
          sse(chunk({ role: 'assistant', content: '' })),
          sse(
            chunk({
              tool_calls: [
                { index: 0, id: oddId, type: 'function', function: { name: 'weather', arguments: '' } },
              ],
            }),
          ),
          sse(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] })),
          sse(chunk({}, 'tool_calls')),
          sse(usageChunk(20, 5)),
          { data: '[DONE]' },
        ],
      },
      { kind: 'json', body: completion({ model: 'kimi-k2' }) },
    );
    const stream = anthropic.messages.stream({
      model: 'local-model',
      max_tokens: 100,
      tools: [{ name: 'weather', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const first = await stream.finalMessage();
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call?.type === 'tool_use' && call.id).toBe(oddId);
    expect(first.usage.output_tokens).toBe(5);

    const second = await anthropic.messages.create({
      model: 'local-model',
      max_tokens: 100,
      tools: [{ name: 'weather', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: oddId, content: '12°C' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Hello there.' }]);
    const sent = compatibleMock.last.body;
    expect(sent.messages[1].tool_calls[0].id).toBe(oddId);
    expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: oddId });
  });

  it('maps an id Anthropic refuses the same way in tool_use and tool_result, on every turn', async () => {
    anthropicMock.script(
      { content: answerTurn, stopReason: 'end_turn' },
      { content: answerTurn, stopReason: 'end_turn' },
    );
    const messages: ChatCompletionMessageParam[] = [
      ...question,
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: oddId, type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: oddId, content: '12°C' },
    ];
    await openai.chat.completions.create({ model: 'claude-thinker', messages, tools: [weatherTool] });
    await openai.chat.completions.create({
      model: 'claude-thinker',
      messages: [
        ...messages,
        { role: 'assistant', content: 'It is 12°C.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [weatherTool],
    });
    const [turn1, turn2] = anthropicMock.requests;
    const idIn = (request: typeof turn1) => {
      const use = request?.body.messages[1]?.content;
      const result = request?.body.messages[2]?.content;
      return [
        Array.isArray(use) && use[0]?.type === 'tool_use' ? use[0].id : undefined,
        Array.isArray(result) && result[0]?.type === 'tool_result' ? result[0].tool_use_id : undefined,
      ];
    };
    const [use1, result1] = idIn(turn1);
    expect(use1).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(use1).not.toBe(oddId);
    expect(result1).toBe(use1);
    expect(idIn(turn2)).toEqual([use1, use1]);
  });
});

const pngText = 'PNG-bytes-of-a-cat';

/** @see https://ai.google.dev/api/generate-content#generatecontentresponse */
const geminiAnswer = {
  responseId: 'resp-image-1',
  modelVersion: 'gemini-2.5-flash',
  candidates: [
    { index: 0, content: { role: 'model', parts: [{ text: 'A cat.' }] }, finishReason: FinishReason.STOP },
  ],
  usageMetadata: { promptTokenCount: 300, candidatesTokenCount: 3, totalTokenCount: 303 },
} satisfies GenerateContentResponseBody;

describe('images by URL for a provider that takes bytes only', () => {
  const inline = { inlineData: { mimeType: 'image/png', data: Buffer.from(pngText).toString('base64') } };

  it('fetches the image for an OpenAI client and sends Gemini its bytes', async () => {
    geminiMock.reply({ kind: 'json', body: geminiAnswer });
    const result = await openai.chat.completions.create({
      model: 'gemini-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `${imageServer.url}/cat.png?sig=abc` } },
          ],
        },
      ],
    });
    expect(result.choices[0]?.message.content).toBe('A cat.');
    expect(result.usage?.prompt_tokens).toBe(300);
    expect(imageServer.last).toMatchObject({ method: 'GET', path: '/cat.png?sig=abc' });
    expect(geminiMock.last.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(geminiMock.last.body.contents[0].parts).toEqual([{ text: 'What is this?' }, inline]);
  });

  it('fetches the image of an Anthropic client’s url source too, streaming the answer', async () => {
    geminiMock.reply({ kind: 'sse', events: [{ data: JSON.stringify(geminiAnswer) }] });
    const stream = anthropic.messages.stream({
      model: 'gemini-flash',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'url', url: `${imageServer.url}/cat.png` } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'A cat.' }]);
    expect(geminiMock.last.body.contents[0].parts).toEqual([inline, { text: 'What is this?' }]);
  });

  it('refuses a private address with a 400 naming the host, and never calls the provider', async () => {
    const openaiError: unknown = await openai.chat.completions
      .create({
        model: 'gemini-flash',
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'image_url',
                image_url: { url: 'http://169.254.169.254/latest/meta-data/iam?token=s3cret' },
              },
            ],
          },
        ],
      })
      .catch((thrown: unknown) => thrown);
    expect(openaiError).toBeInstanceOf(OpenAI.BadRequestError);
    const message = (openaiError as InstanceType<typeof OpenAI.BadRequestError>).message;
    expect(message).toContain(
      'Could not fetch the image at 169.254.169.254: it points to a cloud metadata address.',
    );
    expect(message).not.toContain('s3cret');

    const anthropicError: unknown = await anthropic.messages
      .create({
        model: 'gemini-flash',
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'url', url: 'http://10.0.0.7/cat.png' } }],
          },
        ],
      })
      .catch((thrown: unknown) => thrown);
    expect(anthropicError).toBeInstanceOf(Anthropic.BadRequestError);
    expect((anthropicError as InstanceType<typeof Anthropic.BadRequestError>).message).toContain(
      'Could not fetch the image at 10.0.0.7: it points to a private address.',
    );
    expect(geminiMock.requests).toHaveLength(0);
  });
});
