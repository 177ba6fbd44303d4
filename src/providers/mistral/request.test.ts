import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/index.js';
import { GatewayError } from '../../errors.js';
import type { ProviderSettings } from '../provider.js';
import { chatRequest, embeddingsRequest, toMistralBody, toMistralToolCallId } from './request.js';

const settings: ProviderSettings = {
  name: 'mistral',
  type: 'mistral',
  baseUrl: 'https://api.mistral.ai/v1/',
  apiKeys: ['mk-1'],
  headers: { 'X-Team': 'search' },
};

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'small',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

function body(overrides: Partial<ChatRequest> = {}, stream = false, safePrompt?: boolean) {
  return toMistralBody(request(overrides), 'mistral-small-latest', stream, { safePrompt }) as Record<
    string,
    any
  >;
}

describe('toMistralToolCallId', () => {
  it('keeps Mistral’s own ids, so they survive a round trip', () => {
    expect(toMistralToolCallId('D681PevKs')).toBe('D681PevKs');
  });

  it.each(['call_abc123', 'toolu_01A09q90qw90lq917835lq9', 'abc', 'D681PevKs0', 'D681Pev-s', ''])(
    'maps %j to 9 characters [a-zA-Z0-9], the same every time',
    (id) => {
      const mapped = toMistralToolCallId(id);
      expect(mapped).toMatch(/^[a-zA-Z0-9]{9}$/);
      expect(toMistralToolCallId(id)).toBe(mapped);
      expect(toMistralToolCallId(mapped)).toBe(mapped);
    },
  );

  it('keeps different ids apart', () => {
    const ids = Array.from({ length: 2000 }, (_, index) => `call_${index}`);
    expect(new Set(ids.map(toMistralToolCallId)).size).toBe(ids.length);
  });
});

describe('toMistralBody', () => {
  it('uses Mistral’s names and never sends fields it would reject', () => {
    const sent = body(
      {
        maxTokens: 50,
        seed: 7,
        user: 'end-user',
        topK: 3,
        reasoningEffort: 'high',
        reasoningBudget: 2048,
        stop: ['END'],
        streamUsage: true,
      },
      true,
    );
    expect(sent).toMatchObject({ max_tokens: 50, random_seed: 7, stop: ['END'], stream: true });
    for (const field of [
      'max_completion_tokens',
      'seed',
      'user',
      'top_k',
      'reasoning_effort',
      'stream_options',
      'safe_prompt',
    ]) {
      expect(sent).not.toHaveProperty(field);
    }
  });

  it('sends stream: false explicitly and leaves out an empty stop list and tools', () => {
    const sent = body({ stop: [], tools: [] });
    expect(sent.stream).toBe(false);
    expect(sent).not.toHaveProperty('stop');
    expect(sent).not.toHaveProperty('tools');
  });

  it('sends safe_prompt only when the deployment turns it on', () => {
    expect(body({}, false, true).safe_prompt).toBe(true);
    expect(body({}, false, false)).not.toHaveProperty('safe_prompt');
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'required' }, 'any'],
    [
      { type: 'tool', name: 'f' },
      { type: 'function', function: { name: 'f' } },
    ],
  ] as const)('maps tool_choice %j to %j', (choice, expected) => {
    expect(body({ toolChoice: choice }).tool_choice).toEqual(expected);
  });

  it('maps JSON modes to response_format and passes parallel_tool_calls', () => {
    expect(body({ responseFormat: { type: 'json' } }).response_format).toEqual({ type: 'json_object' });
    expect(body({ responseFormat: { type: 'text' } }).response_format).toEqual({ type: 'text' });
    expect(body({ parallelToolCalls: false }).parallel_tool_calls).toBe(false);
  });

  it('maps foreign tool-call ids the same way in the call and in its result, and names the tool', () => {
    const sent = body({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'toolu_01XYZ', name: 'weather', arguments: '{"city":"Oslo"}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_01XYZ', content: [{ type: 'text', text: 'Sunny' }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    const id = toMistralToolCallId('toolu_01XYZ');
    expect(sent.messages).toEqual([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id, type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }],
      },
      { role: 'tool', tool_call_id: id, name: 'weather', content: 'Sunny' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  it('drops the user name Mistral rejects, and sends a trailing assistant text as a prefix', () => {
    const sent = body({
      messages: [
        { role: 'user', name: 'ada', content: [{ type: 'text', text: 'Write JSON.' }] },
        { role: 'assistant', content: [{ type: 'text', text: '{' }] },
      ],
    });
    expect(sent.messages).toEqual([
      { role: 'user', content: 'Write JSON.' },
      { role: 'assistant', content: '{', prefix: true },
    ]);
  });

  it('sends images as image_url chunks, with the detail only when given', () => {
    const sent = body({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'high' },
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' },
              detail: 'odd',
            },
          ],
        },
      ],
    });
    expect(sent.messages[0].content).toEqual([
      { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } },
      { type: 'image_url', image_url: 'data:image/jpeg;base64,AAAA' },
    ]);
  });
});

describe('chatRequest', () => {
  it('posts to /chat/completions with a bearer key and the deployment headers', () => {
    const built = chatRequest({
      model: 'mistral-small-latest',
      stream: false,
      payload: { kind: 'canonical', request: request() },
      settings,
      apiKey: 'mk-1',
    });
    expect(built.url).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(built.headers).toMatchObject({ authorization: 'Bearer mk-1', 'x-team': 'search' });
    expect(JSON.parse(built.body ?? '')).toMatchObject({ model: 'mistral-small-latest' });
  });

  it('refuses a native payload, which the pipeline never sends to a dialect-less provider', () => {
    expect(() =>
      chatRequest({
        model: 'm',
        stream: false,
        payload: { kind: 'native', body: {}, headers: {} },
        settings,
        apiKey: 'mk-1',
      }),
    ).toThrow(GatewayError);
  });
});

describe('embeddingsRequest', () => {
  it('asks for floats by default, maps dimensions and drops user', () => {
    const built = embeddingsRequest(
      { model: 'mistral-embed', input: ['a', 'b'], dimensions: 256, user: 'u' },
      settings,
      'mk-1',
    );
    expect(built.url).toBe('https://api.mistral.ai/v1/embeddings');
    expect(JSON.parse(built.body ?? '')).toEqual({
      model: 'mistral-embed',
      input: ['a', 'b'],
      output_dimension: 256,
    });
  });
});
