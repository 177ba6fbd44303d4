// Gemini (AI Studio) end to end: the official openai and @anthropic-ai/sdk clients through the
// gateway to a mock Gemini API. Text, streams, tool calls with synthesized ids and the second turn,
// thought signatures carried across tool turns, a prompt blocked with HTTP 200, usage with thoughts
// and cache, 429, a cut stream, embeddings.

import Anthropic from '@anthropic-ai/sdk';
import { BlockedReason } from '@google/genai';
import OpenAI from 'openai';
import type { Content } from '@google/genai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { geminiAnswer, geminiTextChunks } from './support/google-upstream.js';
import type { ReceivedRequest, Reply } from './support/mock-upstream.js';
import { providerSuite } from './support/provider-suite.js';

const suite = providerSuite(
  (mockUrl) => `
providers:
  gemini:
    type: gemini
    baseUrl: ${mockUrl}/v1beta
    apiKeys: [gemini-key-one, gemini-key-two]
outbound:
  images: { allow: [127.0.0.1] }
defaults:
  retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 5 }
models:
  flash:
    targets: [{ provider: gemini, model: gemini-2.5-flash }]
  gemini-embedding:
    kind: embeddings
    targets: [{ provider: gemini, model: gemini-embedding-001 }]
`,
);

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

/** The first turn of the weather conversation, from the OpenAI client. */
const weatherQuestion = {
  model: 'flash',
  messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }],
  tools: [weatherTool],
};

/** The second turn: the first, the model's tool call (`message`, call `id`) and its result. */
const weatherResult = (message: OpenAI.ChatCompletionMessage, id: string) => ({
  ...weatherQuestion,
  messages: [
    ...weatherQuestion.messages,
    message,
    { role: 'tool' as const, tool_call_id: id, content: '12°C' },
  ],
});

/** A Gemini answer as a stream of one event. */
const streamedAnswer = (answer: unknown): Reply => ({
  kind: 'sse',
  events: [{ data: JSON.stringify(answer) }],
});

describe('OpenAI client, Gemini model', () => {
  it('sends generateContent with the key in a header, rotating keys, and reads the answer', async () => {
    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'Hello there.' }]) });
    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'Again.' }]) });
    const result = await suite.openai.chat.completions.create({
      model: 'flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      temperature: 0.3,
    });
    await suite.openai.chat.completions.create({
      model: 'flash',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const [first, second] = suite.mock.requests;
    expect(first?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(first?.headers['x-goog-api-key']).toBe('gemini-key-one');
    expect(second?.headers['x-goog-api-key']).toBe('gemini-key-two');
    expect(first?.headers.authorization).toBeUndefined();
    expect(first?.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 50, temperature: 0.3 },
    });
    expect(result.choices[0]?.message.content).toBe('Hello there.');
    expect(result.choices[0]?.finish_reason).toBe('stop');
    expect(result.model).toBe('flash');
    expect(result.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5 });
  });

  it('streams text over alt=sse and ends cleanly on the finishReason chunk', async () => {
    suite.mock.reply({ kind: 'sse', events: geminiTextChunks(['Hel', 'lo', '!']) });
    const stream = suite.openai.chat.completions.stream({
      model: 'flash',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(suite.mock.last.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(final.choices[0]?.message.content).toBe('Hello!');
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 3 });
  });

  it('synthesizes tool call ids, then sends the result back named after its function', async () => {
    suite.mock.reply({
      kind: 'json',
      body: geminiAnswer([{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }], {
        responseId: 'turn-1',
      }),
    });
    const first = await suite.openai.chat.completions.create({ ...weatherQuestion, tool_choice: 'required' });
    const sent = suite.mock.last.body;
    expect(sent.tools[0].functionDeclarations[0]).toEqual({
      name: 'get_weather',
      parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
    });
    expect(sent.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    const message = first.choices[0]!.message;
    const call = message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });

    // The same answer streamed gets the same id.
    suite.mock.reply(
      streamedAnswer(
        geminiAnswer([{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }], {
          responseId: 'turn-1',
        }),
      ),
    );
    const streamed = await suite.openai.chat.completions.stream(weatherQuestion).finalChatCompletion();
    expect(streamed.choices[0]?.message.tool_calls?.[0]?.id).toBe(call?.id);

    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'It is 12°C in Oslo.' }]) });
    const second = await suite.openai.chat.completions.create(weatherResult(message, call!.id));
    expect(suite.mock.last.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '12°C' } } }] },
    ]);
    expect(second.choices[0]?.message.content).toBe('It is 12°C in Oslo.');
  });

  it('reports thoughts outside candidates and cache reads inside the prompt', async () => {
    suite.mock.reply({
      kind: 'json',
      body: geminiAnswer([{ text: 'Planning.', thought: true }, { text: 'Done.' }], {
        usageMetadata: {
          promptTokenCount: 1200,
          cachedContentTokenCount: 1000,
          candidatesTokenCount: 40,
          thoughtsTokenCount: 100,
          totalTokenCount: 1340,
        },
      }),
    });
    const result = await suite.openai.chat.completions.create({
      model: 'flash',
      messages: [{ role: 'user', content: 'Summarise.' }],
      reasoning_effort: 'low',
    });
    expect(suite.mock.last.body.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 1024 } });
    expect(result.choices[0]?.message.content).toBe('Done.');
    expect(result.usage).toMatchObject({
      prompt_tokens: 1200,
      completion_tokens: 140,
      total_tokens: 1340,
      prompt_tokens_details: { cached_tokens: 1000 },
      completion_tokens_details: { reasoning_tokens: 100 },
    });
  });

  it('turns a prompt blocked with HTTP 200 into a clear 400, streamed or not', async () => {
    const blocked = {
      promptFeedback: { blockReason: BlockedReason.PROHIBITED_CONTENT },
      usageMetadata: { promptTokenCount: 9 },
    };
    suite.mock.reply({ kind: 'json', body: blocked });
    const error = await suite.openai.chat.completions
      .create({ model: 'flash', messages: [{ role: 'user', content: 'bad' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('PROHIBITED_CONTENT');

    suite.mock.reply(streamedAnswer(blocked));
    const streamError = await suite.openai.chat.completions
      .create({ model: 'flash', messages: [{ role: 'user', content: 'bad' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(streamError).toBeInstanceOf(OpenAI.BadRequestError);
    expect((streamError as Error).message).toContain('PROHIBITED_CONTENT');
  });

  it('relays a 429 with the RetryInfo delay as Retry-After', async () => {
    suite.mock.reply({
      kind: 'json',
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'You exceeded your current quota.',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '21s' }],
        },
      },
    });
    const error = await suite.openai.chat.completions
      .create({ model: 'flash', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('21');
  });

  it('ends a stream cut before any finishReason with an error, never a clean end', async () => {
    suite.mock.reply({ kind: 'sse', events: geminiTextChunks(['The answer', ' is'], { cut: true }) });
    const stream = await suite.openai.chat.completions.create({
      model: 'flash',
      messages: [{ role: 'user', content: 'Q?' }],
      stream: true,
    });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) received.push(part.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(received.join('')).toBe('The answer is');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it('fetches an image URL itself and sends the bytes inline', async () => {
    suite.mock.reply({
      kind: 'text',
      status: 200,
      body: 'GIF89a-pixels',
      headers: { 'content-type': 'image/gif' },
    });
    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'A small GIF.' }]) });
    const result = await suite.openai.chat.completions.create({
      model: 'flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `${suite.mock.url}/cat.gif` } },
          ],
        },
      ],
    });
    expect(suite.mock.requests[0]).toMatchObject({ method: 'GET', path: '/cat.gif' });
    expect(suite.mock.last.body.contents[0].parts).toEqual([
      { text: 'What is this?' },
      { inlineData: { mimeType: 'image/gif', data: Buffer.from('GIF89a-pixels').toString('base64') } },
    ]);
    expect(suite.mock.last.headers['x-goog-api-key']).toMatch(/^gemini-key-/);
    expect(result.choices[0]?.message.content).toBe('A small GIF.');
  });

  it('embeds through batchEmbedContents', async () => {
    suite.mock.reply({
      kind: 'json',
      body: { embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] },
    });
    const result = await suite.openai.embeddings.create({
      model: 'gemini-embedding',
      input: ['a', 'b'],
      dimensions: 2,
      encoding_format: 'float',
    });
    expect(suite.mock.last.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(suite.mock.last.body.requests[1]).toEqual({
      model: 'models/gemini-embedding-001',
      content: { parts: [{ text: 'b' }] },
      outputDimensionality: 2,
    });
    expect(result.data.map((item) => item.embedding)).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });
});

describe('Anthropic client, Gemini model', () => {
  it('answers with text and a tool_use block whose id is synthesized', async () => {
    suite.mock.reply({
      kind: 'json',
      body: geminiAnswer([
        { text: 'Checking.' },
        { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
      ]),
    });
    const result = await suite.anthropic.messages.create({
      model: 'flash',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
    });
    expect(suite.mock.last.body.generationConfig).toEqual({ maxOutputTokens: 200 });
    expect(result.stop_reason).toBe('tool_use');
    expect(result.content[0]).toMatchObject({ type: 'text', text: 'Checking.' });
    expect(result.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'get_weather',
      input: { city: 'Oslo' },
    });
    expect((result.content[1] as { id: string }).id).toMatch(/^call_/);
  });

  it('streams thinking and text, with cache reads moved out of input_tokens', async () => {
    const responseId = 'anthropic-stream';
    suite.mock.reply({
      kind: 'sse',
      events: [
        {
          data: JSON.stringify(
            geminiAnswer([{ text: 'Let me think.', thought: true }], {
              responseId,
              candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think.', thought: true }] } }],
            }),
          ),
        },
        {
          data: JSON.stringify(
            geminiAnswer([{ text: 'Four.' }], {
              responseId,
              usageMetadata: {
                promptTokenCount: 1100,
                cachedContentTokenCount: 1000,
                candidatesTokenCount: 2,
                thoughtsTokenCount: 30,
              },
            }),
          ),
        },
      ],
    });
    const final = await suite.anthropic.messages
      .stream({
        model: 'flash',
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: '2+2?' }],
      })
      .finalMessage();
    expect(suite.mock.last.body.generationConfig.thinkingConfig).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    });
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(final.content[1]).toMatchObject({ text: 'Four.' });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({
      input_tokens: 100,
      cache_read_input_tokens: 1000,
      output_tokens: 32,
    });
  });

  it('ends a cut stream with an error event the SDK throws', async () => {
    suite.mock.reply({ kind: 'sse', events: geminiTextChunks(['Hel'], { cut: true }), cut: true });
    const failure = await suite.anthropic.messages
      .stream({ model: 'flash', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
  });
});

describe('Gemini 3 thought signatures across tool turns', () => {
  /** As Gemini sends it: standard base64 with `+`, `/` and padding (the bytes are opaque). */
  const signature = Buffer.from(Array.from({ length: 200 }, (_, index) => (index * 131 + 7) % 256)).toString(
    'base64',
  );
  const signedCall = {
    functionCall: { name: 'get_weather', args: { city: 'Oslo' } },
    thoughtSignature: signature,
  };

  /**
   * Gemini 3 answers 400 INVALID_ARGUMENT when a model turn sends a signed function call back
   * without its signature; the mock does the same for every model turn's first call.
   * @see https://ai.google.dev/gemini-api/docs/thought-signatures
   */
  function requireSignature(request: ReceivedRequest): Reply | undefined {
    const contents: Content[] = request.body?.contents ?? [];
    for (const content of contents) {
      const call = content.role === 'model' ? content.parts?.find((part) => part.functionCall) : undefined;
      if (call !== undefined && call.thoughtSignature !== signature) {
        return {
          kind: 'json',
          status: 400,
          body: {
            error: {
              code: 400,
              message: 'Function call is missing a thought_signature in functionCall parts.',
              status: 'INVALID_ARGUMENT',
            },
          },
        };
      }
    }
    return undefined;
  }

  beforeEach(() => {
    suite.mock.validate(requireSignature);
  });

  afterEach(() => {
    suite.mock.validate(() => undefined);
  });

  it('hands the OpenAI SDK an id carrying the signature, stream or not, and sends it back to Gemini', async () => {
    suite.mock.reply({ kind: 'json', body: geminiAnswer([signedCall], { responseId: 'signed-1' }) });
    const first = await suite.openai.chat.completions.create(weatherQuestion);
    const message = first.choices[0]!.message;
    const id = message.tool_calls?.[0]?.id ?? '';
    expect(id).toMatch(/^call_[0-9a-f]{24}_sig_[A-Za-z0-9_-]+$/);

    suite.mock.reply(streamedAnswer(geminiAnswer([signedCall], { responseId: 'signed-1' })));
    const streamed = await suite.openai.chat.completions.stream(weatherQuestion).finalChatCompletion();
    expect(streamed.choices[0]?.message.tool_calls?.[0]?.id).toBe(id);

    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'It is 12°C in Oslo.' }]) });
    const second = await suite.openai.chat.completions.create(weatherResult(message, id));
    expect(second.choices[0]?.message.content).toBe('It is 12°C in Oslo.');
    expect(suite.mock.last.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo?' }] },
      { role: 'model', parts: [signedCall] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '12°C' } } }] },
    ]);
  });

  it('relays Gemini 400 when the client cut the signature off the id', async () => {
    suite.mock.reply({ kind: 'json', body: geminiAnswer([signedCall], { responseId: 'signed-2' }) });
    const first = await suite.openai.chat.completions.create(weatherQuestion);
    const call = first.choices[0]!.message.tool_calls![0]!;
    const bare = call.id.slice(0, call.id.indexOf('_sig_'));
    const failure = await suite.openai.chat.completions
      .create({
        model: 'flash',
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', tool_calls: [{ ...call, id: bare }] },
          { role: 'tool', tool_call_id: bare, content: '12°C' },
        ],
        tools: [weatherTool],
      })
      .catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect(suite.mock.last.body.contents[1]).toEqual({
      role: 'model',
      parts: [{ functionCall: signedCall.functionCall }],
    });
  });

  it('gives the Anthropic SDK a tool_use id within its id rule and sends the signature back', async () => {
    suite.mock.reply(
      streamedAnswer(geminiAnswer([{ text: 'Checking.' }, signedCall], { responseId: 'signed-3' })),
    );
    const tools = [
      {
        name: 'get_weather',
        input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
      },
    ];
    const first = await suite.anthropic.messages
      .stream({
        model: 'flash',
        max_tokens: 200,
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
        tools,
      })
      .finalMessage();
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse?.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(toolUse?.id).toContain('_sig_');

    suite.mock.reply({ kind: 'json', body: geminiAnswer([{ text: 'It is 12°C.' }]) });
    const second = await suite.anthropic.messages.create({
      model: 'flash',
      max_tokens: 200,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.id, content: '12°C' }] },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'It is 12°C.' });
    expect(suite.mock.last.body.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Checking.' }, signedCall],
    });
  });
});
