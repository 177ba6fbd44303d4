// AWS Bedrock end to end: the official openai and @anthropic-ai/sdk clients through the gateway to a
// mock Bedrock that verifies every SigV4 signature. Converse (every family) and InvokeModel with the
// Anthropic body (Claude), JSON and binary event streams, tools, cached usage, throttling, in-stream
// exceptions, cuts, and Titan/Cohere embeddings.

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bedrockChunk, unionEvent } from '../src/upstream/event-stream-writer.js';
import { BedrockUpstream } from './support/bedrock-upstream.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const credentials = {
  accessKeyId: 'AKIDBEDROCKTEST',
  secretAccessKey: 'bedrock-test-secret',
  region: 'us-west-2',
};
let bedrock: BedrockUpstream;
let gateway: TestGateway;
let openai: OpenAI;
let anthropic: Anthropic;

function yaml(url: string, secret = credentials.secretAccessKey): string {
  const aws = `{ accessKeyId: ${credentials.accessKeyId}, secretAccessKey: ${secret} }`;
  return `
providers:
  bedrock:
    type: bedrock
    baseUrl: ${url}
    region: us-west-2
    aws: ${aws}
  claude-bedrock:
    type: bedrock-anthropic
    baseUrl: ${url}
    region: us-west-2
    aws: ${aws}
defaults:
  retry: { attempts: 0 }
models:
  nova:
    targets: [{ provider: bedrock, model: amazon.nova-pro-v1:0 }]
  claude-converse:
    targets: [{ provider: bedrock, model: us.anthropic.claude-3-7-sonnet-20250219-v1:0 }]
  claude:
    targets: [{ provider: claude-bedrock, model: anthropic.claude-sonnet-4-20250514-v1:0 }]
  titan:
    kind: embeddings
    targets: [{ provider: bedrock, model: amazon.titan-embed-text-v2:0 }]
  cohere:
    kind: embeddings
    targets: [{ provider: bedrock, model: cohere.embed-english-v3 }]
`;
}

beforeAll(async () => {
  bedrock = await new BedrockUpstream(credentials).start();
  gateway = await startTestGateway(yaml(bedrock.url));
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.key, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.key, maxRetries: 0 });
});

afterAll(async () => {
  await gateway.close();
  await bedrock.stop();
});

afterEach(() => {
  expect(bedrock.rejected).toEqual([]);
  bedrock.forget();
});

const converseAnswer = (content: unknown[], stopReason: string, usage: Record<string, number>) => ({
  output: { message: { role: 'assistant', content } },
  stopReason,
  usage,
  metrics: { latencyMs: 100 },
});

const streamOf = (...members: object[]) => ({ kind: 'stream' as const, events: members.map(unionEvent) });

describe('Converse with the openai client', () => {
  it('answers text with cached usage, signed for bedrock in the region', async () => {
    bedrock.reply({
      kind: 'json',
      body: converseAnswer([{ text: 'Bonjour.' }], 'end_turn', {
        inputTokens: 20,
        outputTokens: 3,
        totalTokens: 1323,
        cacheReadInputTokens: 1000,
        cacheWriteInputTokens: 300,
      }),
    });
    const completion = await openai.chat.completions.create({
      model: 'nova',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 50,
      temperature: 0.3,
    });
    expect(completion.choices[0]?.message.content).toBe('Bonjour.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBe(1320);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
    expect(completion.usage?.completion_tokens).toBe(3);
    const sent = bedrock.last;
    expect(sent.path).toBe('/model/amazon.nova-pro-v1%3A0/converse');
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDBEDROCKTEST\/\d{8}\/us-west-2\/bedrock\/aws4_request, /,
    );
    expect(sent.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent.body).toEqual({
      system: [{ text: 'Answer in French.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { maxTokens: 50, temperature: 0.3 },
    });
  });

  it('streams text and a tool call from the binary event stream, with usage', async () => {
    bedrock.reply(
      streamOf(
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'On ' } } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'it.' } } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        {
          contentBlockStart: {
            contentBlockIndex: 1,
            start: { toolUse: { toolUseId: 'tooluse_9', name: 'weather' } },
          },
        },
        { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city"' } } } },
        { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: ': "Oslo"}' } } } },
        { contentBlockStop: { contentBlockIndex: 1 } },
        { messageStop: { stopReason: 'tool_use' } },
        {
          metadata: {
            usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
            metrics: { latencyMs: 9 },
          },
        },
      ),
    );
    const stream = openai.chat.completions.stream({
      model: 'nova',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.message.content).toBe('On it.');
    expect(choice.message.tool_calls?.[0]).toEqual(
      expect.objectContaining({
        id: 'tooluse_9',
        function: { name: 'weather', arguments: '{"city": "Oslo"}' },
      }),
    );
    expect(choice.finish_reason).toBe('tool_calls');
    expect(final.usage?.prompt_tokens).toBe(30);
    expect(bedrock.last.path).toBe('/model/amazon.nova-pro-v1%3A0/converse-stream');
    expect(bedrock.last.headers.accept).toBe('application/vnd.amazon.eventstream');
    expect(bedrock.last.body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'weather', inputSchema: { json: { type: 'object' } } } }],
      toolChoice: { any: {} },
    });
  });

  it('relays ThrottlingException as a 429 the SDK raises as RateLimitError', async () => {
    bedrock.reply({ kind: 'error', status: 429, type: 'ThrottlingException', message: 'Too many requests.' });
    const error = await openai.chat.completions
      .create({ model: 'nova', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
  });

  it('ends the stream with an error when Bedrock raises an exception after content', async () => {
    bedrock.reply(
      streamOf(
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Partial' } } },
        {
          modelStreamErrorException: {
            message: 'Model stream failed at node 10.2.3.4',
            originalStatusCode: 500,
          },
        },
      ),
    );
    const stream = await openai.chat.completions.create({
      model: 'nova',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(text).toBe('Partial');
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain('10.2.3.4');
  });

  it('ends the stream with an error when the connection is cut, never a clean end', async () => {
    bedrock.reply({
      ...streamOf(
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'The answer is' } } },
      ),
      cut: true,
    });
    const stream = await openai.chat.completions.create({
      model: 'nova',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // drain
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
  });

  it('treats a body that ends mid-frame, or after messageStop without metadata, as cut', async () => {
    for (const reply of [
      {
        ...streamOf(
          { messageStart: { role: 'assistant' } },
          { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Half' } } },
        ),
        tornBytes: 20,
      },
      streamOf(
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Half' } } },
        { messageStop: { stopReason: 'end_turn' } },
      ),
    ]) {
      bedrock.reply(reply);
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'nova', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      });
      const text = await response.text();
      expect(text).toContain('Half');
      expect(text).toContain('"error"');
      expect(text).not.toContain('[DONE]');
    }
  });
});

describe('Converse with the anthropic client', () => {
  it('streams Claude on Converse with thinking and cached usage in Anthropic terms', async () => {
    bedrock.reply(
      streamOf(
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Thinking.' } } } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig-1' } } } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        { contentBlockDelta: { contentBlockIndex: 1, delta: { text: 'Done.' } } },
        { contentBlockStop: { contentBlockIndex: 1 } },
        { messageStop: { stopReason: 'end_turn' } },
        {
          metadata: {
            usage: {
              inputTokens: 10,
              outputTokens: 5,
              totalTokens: 515,
              cacheReadInputTokens: 400,
              cacheWriteInputTokens: 100,
            },
            metrics: { latencyMs: 5 },
          },
        },
      ),
    );
    const message = await anthropic.messages
      .stream({
        model: 'claude-converse',
        max_tokens: 4000,
        thinking: { type: 'enabled', budget_tokens: 2000 },
        system: [{ type: 'text', text: 'Long manual', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Go' }],
      })
      .finalMessage();
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'thinking', thinking: 'Thinking.', signature: 'sig-1' }),
      expect.objectContaining({ type: 'text', text: 'Done.' }),
    ]);
    expect(message.usage).toMatchObject({
      input_tokens: 10,
      output_tokens: 5,
      cache_read_input_tokens: 400,
      cache_creation_input_tokens: 100,
    });
    expect(bedrock.last.body.additionalModelRequestFields).toEqual({
      thinking: { type: 'enabled', budget_tokens: 2000 },
    });
    expect(bedrock.last.body.system).toEqual([{ text: 'Long manual' }, { cachePoint: { type: 'default' } }]);
  });
});

describe('InvokeModel for Claude (bedrock-anthropic)', () => {
  const claudeMessage = {
    id: 'msg_bdrk_01',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-20250514',
    content: [{ type: 'text', text: 'Hi there.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 8, output_tokens: 4, cache_read_input_tokens: 50, cache_creation_input_tokens: 0 },
  };

  it('passes an Anthropic client body through and answers byte for byte', async () => {
    bedrock.reply({ kind: 'json', body: claudeMessage });
    const message = await anthropic.messages.create(
      {
        model: 'claude',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hi' }],
        metadata: { user_id: 'u-1' },
      },
      { headers: { 'anthropic-beta': 'context-1m-2025-08-07' } },
    );
    expect(message).toMatchObject({ id: 'msg_bdrk_01', content: [{ type: 'text', text: 'Hi there.' }] });
    expect(message.usage.cache_read_input_tokens).toBe(50);
    expect(bedrock.last.path).toBe('/model/anthropic.claude-sonnet-4-20250514-v1%3A0/invoke');
    expect(bedrock.last.body).toEqual({
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'u-1' },
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['context-1m-2025-08-07'],
    });
  });

  const claudeStream = (...extra: object[]) => [
    {
      type: 'message_start',
      message: {
        ...claudeMessage,
        id: 'msg_bdrk_02',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 8, output_tokens: 1 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking ' } },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} },
    },
    {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"city":"Oslo"}' },
    },
    { type: 'content_block_stop', index: 1 },
    ...extra,
  ];

  /** The message_delta that ends the stream on the tool call, 20 tokens out. */
  const toolUseEnd = {
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 20 },
  };

  it('re-frames the base64 chunks as Anthropic SSE for an Anthropic client', async () => {
    bedrock.reply({
      kind: 'stream',
      events: claudeStream(toolUseEnd, {
        type: 'message_stop',
        'amazon-bedrock-invocationMetrics': { inputTokenCount: 8, outputTokenCount: 20 },
      }).map(bedrockChunk),
    });
    const message = await anthropic.messages
      .stream({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'Weather?' }] })
      .finalMessage();
    expect(message.id).toBe('msg_bdrk_02');
    expect(message.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Checking ' }),
      expect.objectContaining({ type: 'tool_use', id: 'toolu_1', input: { city: 'Oslo' } }),
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(20);
    expect(bedrock.last.path).toBe(
      '/model/anthropic.claude-sonnet-4-20250514-v1%3A0/invoke-with-response-stream',
    );
    expect(bedrock.last.body.stream).toBeUndefined();
  });

  it('translates the Claude stream for an openai client', async () => {
    bedrock.reply({
      kind: 'stream',
      events: claudeStream(toolUseEnd, { type: 'message_stop' }).map(bedrockChunk),
    });
    const final = await openai.chat.completions
      .stream({ model: 'claude', messages: [{ role: 'user', content: 'Weather?' }] })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Checking ');
    expect(final.choices[0]?.message.tool_calls?.[0]?.id).toBe('toolu_1');
    expect(bedrock.last.body.anthropic_version).toBe('bedrock-2023-05-31');
    expect(bedrock.last.body.model).toBeUndefined();
  });

  it('ends an Anthropic stream with an error event on an in-stream exception after content', async () => {
    bedrock.reply({
      kind: 'stream',
      events: [
        ...claudeStream().slice(0, 3).map(bedrockChunk),
        { event: 'throttlingException', data: '{"message":"Too many tokens"}' },
      ],
    });
    const stream = anthropic.messages.stream({
      model: 'claude',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'x' }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(text).toBe('Checking ');
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/rate_limit_error|Too many tokens/);
  });

  it('ends an Anthropic stream with an error when the connection is cut', async () => {
    bedrock.reply({ kind: 'stream', events: claudeStream().slice(0, 3).map(bedrockChunk), cut: true });
    const stream = anthropic.messages.stream({
      model: 'claude',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'x' }],
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('embeddings through InvokeModel', () => {
  it('embeds with Titan v2, in floats and in base64', async () => {
    const vector = [0.25, -0.5, 1];
    bedrock.reply(
      {
        kind: 'json',
        body: { embedding: vector, embeddingsByType: { float: vector }, inputTextTokenCount: 4 },
      },
      {
        kind: 'json',
        body: { embedding: vector, embeddingsByType: { float: vector }, inputTextTokenCount: 4 },
      },
    );
    const floats = await openai.embeddings.create({
      model: 'titan',
      input: 'hello world',
      encoding_format: 'float',
      dimensions: 256,
    });
    expect(floats.data[0]?.embedding).toEqual(vector);
    expect(floats.usage.prompt_tokens).toBe(4);
    expect(bedrock.last.path).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke');
    expect(bedrock.last.body).toEqual({
      inputText: 'hello world',
      dimensions: 256,
      normalize: true,
      embeddingTypes: ['float'],
    });
    // The SDK asks for base64 by default and decodes it back to floats.
    const decoded = await openai.embeddings.create({ model: 'titan', input: 'hello world' });
    expect(decoded.data[0]?.embedding).toEqual(vector);
  });

  it('embeds several texts with Cohere, and refuses several for Titan with a clear 400', async () => {
    bedrock.reply({
      kind: 'json',
      body: {
        id: 'e1',
        embeddings: {
          float: [
            [1, 0],
            [0, 1],
          ],
        },
        response_type: 'embeddings_by_type',
      },
    });
    const result = await openai.embeddings.create({
      model: 'cohere',
      input: ['a', 'b'],
      encoding_format: 'float',
    });
    expect(result.data.map((item) => item.embedding)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(bedrock.last.body).toEqual({
      texts: ['a', 'b'],
      input_type: 'search_document',
      embedding_types: ['float'],
    });
    const error = await openai.embeddings
      .create({ model: 'titan', input: ['a', 'b'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((error as Error).message)).toMatch(/one input/);
  });
});

describe('signing', () => {
  it('is refused by the mock when the secret is wrong, which the client sees as a 502', async () => {
    const wrong = await startTestGateway(yaml(bedrock.url, 'not-the-secret'));
    try {
      const client = new OpenAI({ baseURL: `${wrong.url}/v1`, apiKey: wrong.key, maxRetries: 0 });
      const error = await client.chat.completions
        .create({ model: 'nova', messages: [{ role: 'user', content: 'hi' }] })
        .catch((caught: unknown) => caught);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect(bedrock.rejected).toEqual(['signature mismatch']);
      expect(String((error as Error).message)).not.toContain('not-the-secret');
    } finally {
      bedrock.rejected.length = 0;
      await wrong.close();
    }
  });
});
