import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message, ResponseFormat, ToolChoice } from '../../core/index.js';
import type { ChatCall, ProviderSettings } from '../provider.js';
import {
  chatRequest,
  embeddingsRequest,
  toChatBody,
  toChatCompletionBody,
  toNativeBody,
  upstreamHeaders,
} from './request.js';

const settings: ProviderSettings = {
  name: 'openai',
  type: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  apiKeys: ['sk-one'],
  headers: {},
};

function canonical(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'alias',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

function messagesOf(messages: Message[]): unknown {
  return toChatCompletionBody(canonical({ messages }), 'gpt-4o', false).messages;
}

describe('toNativeBody', () => {
  it('keeps every client field, unknown ones included, and only replaces the model', () => {
    const body = {
      model: 'alias',
      messages: [{ role: 'developer', content: 'x' }],
      seed: 7,
      future_field: { a: 1 },
    };
    expect(toNativeBody(body, 'gpt-4o-2024-08-06', false)).toEqual({ ...body, model: 'gpt-4o-2024-08-06' });
  });

  it('asks for usage when streaming, keeping the client’s other stream options and overriding its false', () => {
    const body = {
      model: 'a',
      stream: true,
      stream_options: { include_usage: false, include_obfuscation: false },
    };
    expect(toNativeBody(body, 'b', true).stream_options).toEqual({
      include_usage: true,
      include_obfuscation: false,
    });
  });

  it('adds stream options when the client sent none or sent garbage', () => {
    expect(toNativeBody({ stream: true }, 'b', true).stream_options).toEqual({ include_usage: true });
    expect(toNativeBody({ stream: true, stream_options: 'yes' }, 'b', true).stream_options).toEqual({
      include_usage: true,
    });
  });

  it('never mutates the client body', () => {
    const body = { model: 'a', stream: true, stream_options: { include_usage: false } };
    const copy = structuredClone(body);
    toNativeBody(body, 'b', true);
    expect(body).toEqual(copy);
  });
});

describe('toChatCompletionBody', () => {
  it('maps every scalar option to its Chat Completions name', () => {
    const body = toChatCompletionBody(
      canonical({
        maxTokens: 10,
        temperature: 0.5,
        topP: 0.8,
        stop: ['END'],
        user: 'u1',
        tools: [{ name: 'f', parameters: { type: 'object' } }],
        parallelToolCalls: false,
        reasoningEffort: 'high',
      }),
      'gpt-4o',
      false,
    );
    expect(body).toMatchObject({
      model: 'gpt-4o',
      max_completion_tokens: 10,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['END'],
      user: 'u1',
      parallel_tool_calls: false,
      reasoning_effort: 'high',
    });
  });

  it('leaves out what was not asked, and empty tools or stop lists OpenAI would reject', () => {
    const body = toChatCompletionBody(
      canonical({ tools: [], stop: [], topK: 40, reasoningBudget: 1000 }),
      'gpt-4o',
      false,
    );
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
  });

  it('asks for usage in the stream when streaming', () => {
    expect(toChatCompletionBody(canonical(), 'gpt-4o', true)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('puts all system parts in one leading system message, keeping part boundaries', () => {
    const one = toChatCompletionBody(
      canonical({ system: [{ type: 'text', text: 'A' }] }),
      'm',
      false,
    ).messages;
    expect(one).toEqual([
      { role: 'system', content: 'A' },
      { role: 'user', content: 'Hi' },
    ]);
    const two = toChatCompletionBody(
      canonical({
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B', cacheControl: { type: 'ephemeral' } },
        ],
      }),
      'm',
      false,
    ).messages;
    expect(two).toEqual([
      {
        role: 'system',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
      },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('turns images into image_url parts, base64 as data: URLs, dropping unknown detail values', () => {
    const messages = messagesOf([
      {
        role: 'user',
        content: [
          {
            type: 'image',
            source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' },
            detail: 'ultra',
          },
          { type: 'image', source: { kind: 'url', url: 'https://x.test/a.png' }, detail: 'high' },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
          { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'high' } },
        ],
      },
    ]);
  });

  it('sends assistant tool calls with the argument text untouched, even when it is not JSON', () => {
    const messages = messagesOf([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'hidden', signature: 'sig' },
          { type: 'text', text: 'Calling.' },
          { type: 'tool-call', id: 'c1', name: 'f', arguments: '{"a": 1, ' },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: 'Calling.',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a": 1, ' } }],
      },
    ]);
  });

  it('gives an assistant turn with nothing OpenAI can carry an empty string, not null', () => {
    expect(messagesOf([{ role: 'assistant', content: [{ type: 'redacted-reasoning', data: 'x' }] }])).toEqual(
      [{ role: 'assistant', content: '' }],
    );
  });

  it('sends one tool message per result, a failed one saying so, and images after them in a user message', () => {
    const messages = messagesOf([
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            content: [
              { type: 'text', text: 'one' },
              { type: 'text', text: 'two' },
            ],
          },
          {
            type: 'tool-result',
            toolCallId: 'c2',
            content: [{ type: 'image', source: { kind: 'url', url: 'https://x.test/i.png' } }],
            isError: true,
          },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'tool',
        tool_call_id: 'c1',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
      { role: 'tool', tool_call_id: 'c2', content: 'Error:' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Images from the result of tool call c2:' },
          { type: 'image_url', image_url: { url: 'https://x.test/i.png' } },
        ],
      },
    ]);
  });

  it('sends tool results found in a user turn first, as tool messages, then the user text', () => {
    const messages = messagesOf([
      {
        role: 'user',
        name: 'ada',
        content: [
          { type: 'tool-result', toolCallId: 'c9', content: [{ type: 'text', text: 'done' }] },
          { type: 'text', text: 'And now?' },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'tool', tool_call_id: 'c9', content: 'done' },
      { role: 'user', name: 'ada', content: 'And now?' },
    ]);
  });

  it('sends tools as functions and leaves unset tool fields out of the JSON', () => {
    const body = toChatCompletionBody(
      canonical({ tools: [{ name: 'f', parameters: { type: 'object' } }] }),
      'm',
      false,
    );
    expect(JSON.parse(JSON.stringify(body)).tools).toEqual([
      { type: 'function', function: { name: 'f', parameters: { type: 'object' } } },
    ]);
  });

  it.each<[ToolChoice, unknown]>([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'none' }, 'none'],
    [{ type: 'required' }, 'required'],
    [
      { type: 'tool', name: 'f' },
      { type: 'function', function: { name: 'f' } },
    ],
  ])('maps tool choice %j', (choice, expected) => {
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    expect(toChatCompletionBody(canonical({ tools, toolChoice: choice }), 'm', false).tool_choice).toEqual(
      expected,
    );
  });

  it('sends no tool choice or parallel_tool_calls without tools, which OpenAI refuses', () => {
    const body = toChatCompletionBody(
      canonical({ tools: [], toolChoice: { type: 'auto' }, parallelToolCalls: false }),
      'm',
      false,
    );
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it.each<[ResponseFormat, unknown]>([
    [{ type: 'text' }, { type: 'text' }],
    [{ type: 'json' }, { type: 'json_object' }],
    [
      { type: 'json-schema', name: 'n', schema: { type: 'object' }, strict: false, description: 'd' },
      {
        type: 'json_schema',
        json_schema: { name: 'n', schema: { type: 'object' }, strict: false, description: 'd' },
      },
    ],
  ])('maps response format %j', (format, expected) => {
    expect(toChatCompletionBody(canonical({ responseFormat: format }), 'm', false).response_format).toEqual(
      expected,
    );
  });
});

describe('chatRequest', () => {
  const call = (overrides: Partial<ChatCall> = {}): ChatCall => ({
    model: 'gpt-4o',
    stream: false,
    payload: { kind: 'canonical', request: canonical() },
    settings,
    apiKey: 'sk-one',
    ...overrides,
  });

  it('posts JSON to /chat/completions with bearer auth', () => {
    const request = chatRequest(call());
    expect(request).toMatchObject({ method: 'POST', url: 'https://api.openai.com/v1/chat/completions' });
    expect(request.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer sk-one' });
    expect(JSON.parse(request.body ?? '')).toMatchObject({ model: 'gpt-4o' });
  });

  it('does not double the slash of a base URL ending in one', () => {
    expect(chatRequest(call({ settings: { ...settings, baseUrl: 'http://127.0.0.1:9/v1/' } })).url).toBe(
      'http://127.0.0.1:9/v1/chat/completions',
    );
  });

  it('uses the native body for native payloads', () => {
    const body = toChatBody(
      call({
        payload: { kind: 'native', body: { model: 'x', messages: [], logit_bias: { '1': 2 } }, headers: {} },
      }),
    );
    expect(body).toEqual({ model: 'gpt-4o', messages: [], logit_bias: { '1': 2 } });
  });
});

describe('upstreamHeaders', () => {
  it('sends no authorization when the deployment has no key', () => {
    expect(upstreamHeaders(settings, '')).toEqual({ 'content-type': 'application/json' });
  });

  it('lets the deployment’s headers win, whatever their case', () => {
    const headers = upstreamHeaders(
      { ...settings, headers: { Authorization: 'Basic abc', 'OpenAI-Organization': 'org-1' } },
      'sk-one',
    );
    expect(headers).toEqual({
      'content-type': 'application/json',
      authorization: 'Basic abc',
      'openai-organization': 'org-1',
    });
  });
});

describe('embeddingsRequest', () => {
  it('always asks for float vectors at /embeddings', () => {
    const request = embeddingsRequest(
      { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 256 },
      settings,
      'sk-one',
    );
    expect(request.url).toBe('https://api.openai.com/v1/embeddings');
    expect(JSON.parse(request.body ?? '')).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      encoding_format: 'float',
      dimensions: 256,
    });
  });
});

describe('toChatCompletionBody: reasoning and tool-call ids across dialects', () => {
  it('turns a thinking budget into the nearest effort level for reasoning models only', () => {
    expect(
      toChatCompletionBody(canonical({ reasoningBudget: 10_000 }), 'o3-mini', false).reasoning_effort,
    ).toBe('medium');
    expect(toChatCompletionBody(canonical({ reasoningBudget: 1024 }), 'gpt-5', false).reasoning_effort).toBe(
      'low',
    );
    expect(toChatCompletionBody(canonical({ reasoningBudget: 32_000 }), 'gpt-4o', false)).not.toHaveProperty(
      'reasoning_effort',
    );
  });

  it('forwards an explicit effort level as given, whatever the model', () => {
    const body = toChatCompletionBody(
      canonical({ reasoningEffort: 'minimal', reasoningBudget: 20_000 }),
      'gpt-5',
      false,
    );
    expect(body.reasoning_effort).toBe('minimal');
  });

  it('drops thinking blocks from history: Chat Completions has no input for them', () => {
    const body = toChatCompletionBody(
      canonical({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'secret plan', signature: 'sig' },
              { type: 'redacted-reasoning', data: 'opaque' },
              { type: 'text', text: 'Hello' },
            ],
          },
        ],
      }),
      'gpt-4o',
      false,
    );
    expect(JSON.stringify(body.messages)).not.toMatch(/secret plan|opaque|sig/);
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'Hello' });
  });

  it('preserves Anthropic tool ids and shortens over-long ones the same way in call and result', () => {
    const history = (id: string): Message[] => [
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id, name: 'f', arguments: '{}' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: id, content: [{ type: 'text', text: 'ok' }] }],
      },
    ];
    type Sent = Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    const kept = toChatCompletionBody(
      canonical({ messages: history('toolu_01A09q90qw90lq917835lq9') }),
      'gpt-4o',
      false,
    ).messages as Sent;
    expect(kept[1]?.tool_calls?.[0]?.id).toBe('toolu_01A09q90qw90lq917835lq9');
    expect(kept[2]?.tool_call_id).toBe('toolu_01A09q90qw90lq917835lq9');
    const long = `tooluse_${'x'.repeat(50)}`;
    const shortened = toChatCompletionBody(canonical({ messages: history(long) }), 'gpt-4o', false)
      .messages as Sent;
    const id = shortened[1]?.tool_calls?.[0]?.id ?? '';
    expect(id.length).toBeLessThanOrEqual(40);
    expect(shortened[2]?.tool_call_id).toBe(id);
  });
});
