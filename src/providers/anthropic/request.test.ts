import { describe, it, expect } from 'vitest';
import type { ChatRequest, Message } from '../../core/index.js';
import type { ChatCall, ProviderSettings, UpstreamRequest } from '../provider.js';
import { ANTHROPIC_VERSION } from './api.js';
import { DEFAULT_MAX_TOKENS, jsonOutputInstruction, toAnthropicRequest, toToolInput } from './request.js';

const settings: ProviderSettings = {
  name: 'anthropic',
  type: 'anthropic',
  baseUrl: 'http://127.0.0.1:9/v1',
  apiKeys: ['sk-ant-test'],
  headers: {},
};

function canonical(request: Partial<ChatRequest>, overrides: Partial<ChatCall> = {}): ChatCall {
  const full: ChatRequest = {
    model: 'alias',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: false,
    streamUsage: false,
    ...request,
  };
  return {
    model: 'claude-sonnet-4-6',
    stream: full.stream,
    payload: { kind: 'canonical', request: full },
    settings,
    apiKey: 'sk-ant-test',
    ...overrides,
  };
}

function bodyOf(upstream: UpstreamRequest): Record<string, unknown> {
  return JSON.parse(upstream.body ?? 'null') as Record<string, unknown>;
}

function messagesOf(messages: Message[]): unknown {
  return bodyOf(toAnthropicRequest(canonical({ messages }))).messages;
}

describe('toAnthropicRequest: URL and headers', () => {
  it('posts to /messages under the base URL, with or without a trailing slash', () => {
    const plain = toAnthropicRequest(canonical({}));
    const slashed = toAnthropicRequest(
      canonical({}, { settings: { ...settings, baseUrl: 'http://h/v1//' } }),
    );
    expect(plain.method).toBe('POST');
    expect(plain.url).toBe('http://127.0.0.1:9/v1/messages');
    expect(slashed.url).toBe('http://h/v1/messages');
  });

  it('sends the key as x-api-key, the default version and JSON content type', () => {
    const { headers } = toAnthropicRequest(canonical({}));
    expect(headers).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': ANTHROPIC_VERSION,
      'content-type': 'application/json',
    });
  });

  it('adds deployment headers (lower-cased) but never lets them replace the credential', () => {
    const custom = {
      ...settings,
      headers: { 'X-Team': 'search', 'X-Api-Key': 'stolen', 'Anthropic-Version': '2099-01-01' },
    };
    const { headers } = toAnthropicRequest(canonical({}, { settings: custom }));
    expect(headers['x-team']).toBe('search');
    expect(headers['x-api-key']).toBe('sk-ant-test');
    expect(headers['anthropic-version']).toBe('2099-01-01');
    expect(Object.keys(headers).filter((name) => name.toLowerCase() === 'x-api-key')).toHaveLength(1);
  });

  it('omits x-api-key when the deployment has no credential', () => {
    const { headers } = toAnthropicRequest(canonical({}, { apiKey: '' }));
    expect(headers).not.toHaveProperty('x-api-key');
  });
});

describe('toAnthropicRequest: native payload', () => {
  const clientBody = {
    model: 'my-alias',
    max_tokens: 10,
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
    some_future_field: { keep: true },
  };

  it('forwards the body untouched except the model, without mutating the original', () => {
    const before = structuredClone(clientBody);
    const upstream = toAnthropicRequest({
      model: 'claude-opus-4-6',
      stream: true,
      payload: { kind: 'native', body: clientBody, headers: {} },
      settings,
      apiKey: 'sk-ant-test',
    });
    expect(bodyOf(upstream)).toEqual({ ...clientBody, model: 'claude-opus-4-6' });
    expect(clientBody).toEqual(before);
  });

  it("forwards the client's anthropic-version and anthropic-beta, merging betas with the deployment's", () => {
    const upstream = toAnthropicRequest({
      model: 'claude-opus-4-6',
      stream: false,
      payload: {
        kind: 'native',
        body: clientBody,
        headers: { 'Anthropic-Version': '2023-01-01', 'anthropic-beta': 'files-api-2025-04-14, shared-beta' },
      },
      settings: { ...settings, headers: { 'anthropic-beta': 'shared-beta' } },
      apiKey: 'sk-ant-test',
    });
    expect(upstream.headers['anthropic-version']).toBe('2023-01-01');
    expect(upstream.headers['anthropic-beta']).toBe('shared-beta,files-api-2025-04-14');
  });

  it('does not forward other client headers such as its own credential', () => {
    const upstream = toAnthropicRequest({
      model: 'm',
      stream: false,
      payload: {
        kind: 'native',
        body: clientBody,
        headers: { 'x-api-key': 'client-virtual-key', cookie: 'a=b' },
      },
      settings,
      apiKey: 'sk-ant-test',
    });
    expect(upstream.headers['x-api-key']).toBe('sk-ant-test');
    expect(upstream.headers).not.toHaveProperty('cookie');
  });
});

describe('toAnthropicRequest: canonical body parameters', () => {
  it('sets the call model, the default max_tokens, and no optional fields when none are asked', () => {
    const body = bodyOf(toAnthropicRequest(canonical({})));
    expect(body).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('maps sampling, stop, user, thinking and streaming parameters', () => {
    const body = bodyOf(
      toAnthropicRequest(
        canonical({
          stream: true,
          maxTokens: 9000,
          temperature: 0.3,
          topP: 0.9,
          topK: 40,
          stop: ['###'],
          user: 'user-42',
          reasoningBudget: 2048,
        }),
      ),
    );
    expect(body).toMatchObject({
      stream: true,
      max_tokens: 9000,
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['###'],
      metadata: { user_id: 'user-42' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
  });

  it('keeps a zero temperature and omits an empty stop list', () => {
    const body = bodyOf(toAnthropicRequest(canonical({ temperature: 0, stop: [] })));
    expect(body.temperature).toBe(0);
    expect(body).not.toHaveProperty('stop_sequences');
  });

  it('raises the default max_tokens above a thinking budget that would not fit under it', () => {
    const body = bodyOf(toAnthropicRequest(canonical({ reasoningBudget: 10_000 })));
    expect(body.max_tokens).toBe(10_000 + DEFAULT_MAX_TOKENS);
    const small = bodyOf(toAnthropicRequest(canonical({ reasoningBudget: 1024 })));
    expect(small.max_tokens).toBe(DEFAULT_MAX_TOKENS);
  });

  it('does not mutate the canonical request', () => {
    const call = canonical({
      system: [{ type: 'text', text: 'S' }],
      responseFormat: { type: 'json' },
      tools: [{ name: 't', parameters: {} }],
    });
    const before = structuredClone(call.payload);
    toAnthropicRequest(call);
    expect(call.payload).toEqual(before);
  });
});

describe('toAnthropicRequest: system and JSON output', () => {
  it('turns system parts into text blocks, keeping cache markers and dropping blank parts', () => {
    const body = bodyOf(
      toAnthropicRequest(
        canonical({
          system: [
            { type: 'text', text: 'Rules.', cacheControl: { type: 'ephemeral', ttl: '1h' } },
            { type: 'text', text: '  ' },
            { type: 'text', text: 'More.', cacheControl: true },
          ],
        }),
      ),
    );
    expect(body.system).toEqual([
      { type: 'text', text: 'Rules.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'More.' },
    ]);
  });

  it('appends a JSON instruction after the client system text, carrying the schema', () => {
    const schema = { type: 'object', properties: { total: { type: 'number' } } };
    const format = { type: 'json-schema' as const, name: 'invoice', schema, description: 'An invoice total' };
    const body = bodyOf(
      toAnthropicRequest(
        canonical({ system: [{ type: 'text', text: 'Be exact.' }], responseFormat: format }),
      ),
    );
    const system = body.system as Array<{ text: string }>;
    expect(system).toHaveLength(2);
    expect(system[0]?.text).toBe('Be exact.');
    expect(system[1]?.text).toContain(JSON.stringify(schema));
    expect(system[1]?.text).toContain('invoice');
    expect(system[1]?.text).toContain('An invoice total');
  });

  it('asks for JSON without a schema for the json format, and adds nothing for text', () => {
    const json = bodyOf(toAnthropicRequest(canonical({ responseFormat: { type: 'json' } })));
    expect(json.system).toEqual([{ type: 'text', text: jsonOutputInstruction({ type: 'json' }) }]);
    expect(jsonOutputInstruction({ type: 'json' })).toMatch(/JSON/);
    const text = bodyOf(toAnthropicRequest(canonical({ responseFormat: { type: 'text' } })));
    expect(text).not.toHaveProperty('system');
  });
});

describe('toAnthropicRequest: message alternation', () => {
  it('merges consecutive turns of the same role', () => {
    expect(
      messagesOf([
        { role: 'user', content: [{ type: 'text', text: 'a' }] },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'c' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'd' }] },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'c' },
          { type: 'text', text: 'd' },
        ],
      },
    ]);
  });

  it('turns tool messages into user turns of tool_result blocks, results first when merged', () => {
    expect(
      messagesOf([
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'f', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'text', text: 'note first' }] },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call_1',
              content: [{ type: 'text', text: 'failed' }],
              isError: true,
            },
          ],
        },
      ]),
    ).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [{ type: 'text', text: 'failed' }],
            is_error: true,
          },
          { type: 'text', text: 'note first' },
        ],
      },
    ]);
  });

  it('merges separate tool messages for parallel calls into one user turn', () => {
    const result = messagesOf([
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'a', name: 'f', arguments: '{"x":1}' },
          { type: 'tool-call', id: 'b', name: 'f', arguments: '{"x":2}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', content: [] }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: '2' }] }],
      },
    ]) as Array<{ role: string; content: unknown[] }>;
    expect(result).toHaveLength(2);
    expect(result[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'a' },
        { type: 'tool_result', tool_use_id: 'b', content: [{ type: 'text', text: '2' }] },
      ],
    });
  });

  it('drops unsigned reasoning, and a turn left empty by it, so its neighbours merge', () => {
    expect(
      messagesOf([
        { role: 'user', content: [{ type: 'text', text: 'q1' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }] },
        { role: 'user', content: [{ type: 'text', text: 'q2' }] },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'q1' },
          { type: 'text', text: 'q2' },
        ],
      },
    ]);
  });

  it('replays signed reasoning as thinking and redacted reasoning as redacted_thinking, in order', () => {
    const [, assistant] = messagesOf([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'step', signature: 'sig==' },
          { type: 'redacted-reasoning', data: 'opaque' },
          { type: 'text', text: 'answer' },
        ],
      },
    ]) as unknown[];
    expect(assistant).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'step', signature: 'sig==' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'answer' },
      ],
    });
  });

  it('maps base64 and URL images, with cache markers, and drops empty text parts', () => {
    expect(
      messagesOf([
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
              detail: 'high',
            },
            {
              type: 'image',
              source: { kind: 'url', url: 'https://example.com/a.jpg' },
              cacheControl: { type: 'ephemeral' },
            },
            { type: 'text', text: '' },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          {
            type: 'image',
            source: { type: 'url', url: 'https://example.com/a.jpg' },
            cache_control: { type: 'ephemeral' },
          },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });

  it('keeps images inside tool results', () => {
    const [, results] = messagesOf([
      { role: 'assistant', content: [{ type: 'tool-call', id: 's', name: 'screenshot', arguments: '' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 's',
            content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } }],
            cacheControl: { type: 'ephemeral' },
          },
        ],
      },
    ]) as unknown[];
    expect(results).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 's',
          content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }],
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
  });
});

describe('toToolInput', () => {
  it('parses a JSON object', () => {
    expect(toToolInput('{"city":"Paris","days":[1,2]}')).toEqual({ city: 'Paris', days: [1, 2] });
  });

  it('treats an empty or blank string as no arguments', () => {
    expect(toToolInput('')).toEqual({});
    expect(toToolInput('  \n')).toEqual({});
  });

  it('wraps invalid JSON and non-object JSON as _raw instead of failing', () => {
    expect(toToolInput('{"city": "Par')).toEqual({ _raw: '{"city": "Par' });
    expect(toToolInput('[1,2]')).toEqual({ _raw: '[1,2]' });
    expect(toToolInput('42')).toEqual({ _raw: '42' });
    expect(toToolInput('null')).toEqual({ _raw: 'null' });
  });
});

describe('toAnthropicRequest: tools and tool choice', () => {
  const tools = [
    {
      name: 'lookup',
      description: 'Find a thing.',
      parameters: { properties: { q: { type: 'string' } } },
      strict: true,
    },
    { name: 'noop', parameters: {}, cacheControl: { type: 'ephemeral' } },
  ];

  it('maps tools to name, description and an object input_schema', () => {
    const body = bodyOf(toAnthropicRequest(canonical({ tools })));
    expect(body.tools).toEqual([
      {
        name: 'lookup',
        description: 'Find a thing.',
        input_schema: { type: 'object', properties: { q: { type: 'string' } } },
        strict: true,
      },
      { name: 'noop', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it.each([
    [{ type: 'auto' as const }, undefined, { type: 'auto' }],
    [{ type: 'required' as const }, undefined, { type: 'any' }],
    [{ type: 'none' as const }, undefined, { type: 'none' }],
    [{ type: 'tool' as const, name: 'lookup' }, undefined, { type: 'tool', name: 'lookup' }],
    [{ type: 'required' as const }, false, { type: 'any', disable_parallel_tool_use: true }],
    [
      { type: 'tool' as const, name: 'lookup' },
      false,
      { type: 'tool', name: 'lookup', disable_parallel_tool_use: true },
    ],
    [{ type: 'none' as const }, false, { type: 'none' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    [{ type: 'auto' as const }, true, { type: 'auto' }],
  ])('maps tool choice %j with parallelToolCalls %s', (toolChoice, parallelToolCalls, expected) => {
    const body = bodyOf(toAnthropicRequest(canonical({ tools, toolChoice, parallelToolCalls })));
    expect(body.tool_choice).toEqual(expected);
  });

  it('sends no tool_choice when there are no tools, which the API would reject', () => {
    const body = bodyOf(
      toAnthropicRequest(canonical({ toolChoice: { type: 'none' }, parallelToolCalls: false })),
    );
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('tools');
  });
});

describe('toAnthropicRequest: thinking from reasoning_effort', () => {
  it('turns an effort level into a thinking budget, max_tokens raised above it', () => {
    const body = bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'medium' })));
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(body.max_tokens).toBe(8192 + DEFAULT_MAX_TOKENS);
  });

  it('adds the budget on top of a client cap at or below it, and keeps a cap above it', () => {
    const low = bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'high', maxTokens: 1000 })));
    expect(low.max_tokens).toBe(16_384 + 1000);
    const atBudget = bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'low', maxTokens: 4096 })));
    expect(atBudget.max_tokens).toBe(8192);
    const high = bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'minimal', maxTokens: 30_000 })));
    expect(high).toMatchObject({ max_tokens: 30_000, thinking: { type: 'enabled', budget_tokens: 1024 } });
  });

  it("leaves thinking off for 'none' and unknown levels, and an explicit budget wins", () => {
    expect(bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'none' })))).not.toHaveProperty('thinking');
    expect(bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'ultra' })))).not.toHaveProperty(
      'thinking',
    );
    const both = bodyOf(toAnthropicRequest(canonical({ reasoningEffort: 'high', reasoningBudget: 2048 })));
    expect(both.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('sends signed thinking back first in its tool turn, and drops unsigned reasoning', () => {
    const messages = messagesOf([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Use the tool.', signature: 'sig-1' },
          { type: 'redacted-reasoning', data: 'opaque' },
          { type: 'reasoning', text: 'unsigned' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [] }] },
    ]) as Array<{ content: unknown[] }>;
    expect(messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Use the tool.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} },
    ]);
  });
});

describe('toAnthropicRequest: tool-call ids', () => {
  it('keeps valid ids and maps others the same way in tool_use and the matching tool_result', () => {
    const history = (id: string): Message[] => [
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id, name: 'f', arguments: '{}' }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: id, content: [{ type: 'text', text: 'ok' }] }],
      },
    ];
    const kept = messagesOf(history('call_AbC-123')) as Array<{ content: Array<Record<string, unknown>> }>;
    expect(kept[1]?.content[0]?.id).toBe('call_AbC-123');
    expect(kept[2]?.content[0]?.tool_use_id).toBe('call_AbC-123');

    const mapped = messagesOf(history('functions.f:0')) as Array<{ content: Array<Record<string, unknown>> }>;
    const id = mapped[1]?.content[0]?.id;
    expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(mapped[2]?.content[0]?.tool_use_id).toBe(id);
  });
});
