import { describe, it, expect } from 'vitest';
import { GatewayError } from '../../errors.js';
import { parseMessagesBody, toCanonicalRequest } from './messages-request.js';

const user = { role: 'user', content: 'Hi' };
const base = { model: 'claude-x', max_tokens: 100, messages: [user] };

function rejection(body: unknown): GatewayError {
  try {
    parseMessagesBody(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

function canonical(body: Record<string, unknown>) {
  return toCanonicalRequest(parseMessagesBody({ ...base, ...body }));
}

const toolUseTurn = {
  role: 'assistant',
  content: [
    { type: 'text', text: 'Checking.' },
    { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } },
    { type: 'tool_use', id: 'toolu_2', name: 'time', input: {} },
  ],
};

describe('parseMessagesBody', () => {
  it('keeps unknown fields at every level, for passthrough', () => {
    const body = parseMessagesBody({
      ...base,
      service_tier: 'auto',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', citations: [] }] }],
    });
    expect(body).toMatchObject({ service_tier: 'auto' });
    expect(body.messages[0]?.content).toEqual([{ type: 'text', text: 'Hi', citations: [] }]);
  });

  it.each([[[]], [null], ['text'], [1]])('rejects a body that is %j', (body) => {
    expect(rejection(body).message).toMatch(/JSON object/);
  });

  it.each([
    [{ model: 'm', messages: [user] }, 'max_tokens', /required/],
    [{ ...base, max_tokens: 0 }, 'max_tokens', /greater than 0/],
    [{ ...base, max_tokens: '100' }, 'max_tokens', /expected number, got '100'/],
    [{ ...base, model: ['a'] }, 'model', /expected string, got array/],
    [{ ...base, messages: [] }, 'messages', /must not be empty/],
    [{ ...base, messages: undefined }, 'messages', /required/],
    [{ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role', /got 'tool'/],
    [{ ...base, temperature: 1.5 }, 'temperature', /at most 1/],
    [{ ...base, top_k: -1 }, 'top_k', /at least 0/],
    [{ ...base, stream: 1 }, 'stream', /expected boolean, got 1/],
    [{ ...base, stop_sequences: 'END' }, 'stop_sequences', /expected array/],
    [
      { ...base, messages: [{ role: 'user', content: [{ type: 'audio', data: 'x' }] }] },
      'messages[0].content[0].type',
      /got 'audio'/,
    ],
    [
      {
        ...base,
        messages: [user, { role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'x' }] }],
      },
      'messages[1].content[0].type',
      /got 'tool_result'/,
    ],
    [
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'ftp', url: 'x' } }] }],
      },
      'messages[0].content[0].source.type',
      /got 'ftp'/,
    ],
    [
      { ...base, thinking: { type: 'enabled', budget_tokens: 100 } },
      'thinking.budget_tokens',
      /at least 1024/,
    ],
    [{ ...base, tool_choice: { type: 'function' } }, 'tool_choice.type', /got 'function'/],
    [{ ...base, tools: [{ name: 'f', description: 'no schema' }] }, 'tools[0].input_schema', /required/],
  ])('rejects %j at %s', (body, param, message) => {
    const error = rejection(body);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  it('rejects a tool_result whose tool_use_id no earlier assistant turn declared', () => {
    const error = rejection({
      ...base,
      messages: [
        user,
        toolUseTurn,
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'toolu_9', content: 'noon' },
          ],
        },
      ],
    });
    expect(error.param).toBe('messages[2].content[1].tool_use_id');
    expect(error.message).toContain("'toolu_9'");
  });

  it('accepts server tools without input_schema', () => {
    expect(() =>
      parseMessagesBody({ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }),
    ).not.toThrow();
  });
});

describe('toCanonicalRequest', () => {
  it('maps the top-level options', () => {
    const request = canonical({
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      temperature: 0.2,
      top_p: 0.8,
      top_k: 40,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'u-7' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    expect(request).toEqual({
      model: 'claude-x',
      system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stream: true,
      streamUsage: true,
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.8,
      topK: 40,
      stop: ['END'],
      user: 'u-7',
      reasoningBudget: 2048,
      reasoningEffort: 'high',
      responseFormat: { type: 'json-schema', name: 'response', schema: { type: 'object' } },
    });
  });

  it('always asks for usage, even when not streaming', () => {
    expect(canonical({}).streamUsage).toBe(true);
    expect(canonical({}).stream).toBe(false);
  });

  it('gathers a system string and system-role messages into system, in order', () => {
    const request = canonical({ system: 'First.', messages: [{ role: 'system', content: 'Second.' }, user] });
    expect(request.system).toEqual([
      { type: 'text', text: 'First.' },
      { type: 'text', text: 'Second.' },
    ]);
    expect(request.messages).toHaveLength(1);
  });

  it('splits a user turn into tool results and the rest, keeping block order', () => {
    const request = canonical({
      messages: [
        user,
        toolUseTurn,
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: 'sunny',
              cache_control: { type: 'ephemeral' },
            },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              is_error: true,
              content: [
                { type: 'text', text: 'clock broke' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              ],
            },
            { type: 'text', text: 'And then?' },
          ],
        },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Oslo"}' },
          { type: 'tool-call', id: 'toolu_2', name: 'time', arguments: '{}' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'toolu_1',
            content: [{ type: 'text', text: 'sunny' }],
            cacheControl: { type: 'ephemeral' },
          },
          {
            type: 'tool-result',
            toolCallId: 'toolu_2',
            isError: true,
            content: [
              { type: 'text', text: 'clock broke' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
            ],
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And then?' }] },
    ]);
  });

  it('turns text documents into text: title, context and text, from a text or a content source', () => {
    const request = canonical({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'text', media_type: 'text/plain', data: 'Grass is green.' },
              title: 'Facts',
              context: 'From a primer.',
            },
            {
              type: 'document',
              source: {
                type: 'content',
                content: [
                  { type: 'text', text: 'One.' },
                  { type: 'text', text: 'Two.' },
                ],
              },
            },
            { type: 'text', text: 'What colour?' },
          ],
        },
      ],
    });
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Facts\n\nFrom a primer.\n\nGrass is green.' },
      { type: 'text', text: 'One.\nTwo.' },
      { type: 'text', text: 'What colour?' },
    ]);
  });

  it('keeps thinking blocks as reasoning with their signature, and redacted ones opaque', () => {
    const request = canonical({
      messages: [
        user,
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Hello.' },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'Hmm.', signature: 'sig-1' },
      { type: 'redacted-reasoning', data: 'opaque' },
      { type: 'text', text: 'Hello.' },
    ]);
    expect(request.messages[2]?.content).toEqual([
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
    ]);
  });

  it('maps tools and every tool_choice, including disabled parallel use', () => {
    const tools = [
      {
        name: 'f',
        description: 'does f',
        input_schema: { type: 'object' },
        cache_control: { type: 'ephemeral' },
      },
    ];
    const request = canonical({ tools, tool_choice: { type: 'any', disable_parallel_tool_use: true } });
    expect(request.tools).toEqual([
      {
        name: 'f',
        description: 'does f',
        parameters: { type: 'object' },
        cacheControl: { type: 'ephemeral' },
      },
    ]);
    expect(request.toolChoice).toEqual({ type: 'required' });
    expect(request.parallelToolCalls).toBe(false);
    expect(canonical({ tool_choice: { type: 'auto' } })).toMatchObject({ toolChoice: { type: 'auto' } });
    expect(canonical({ tool_choice: { type: 'auto' } }).parallelToolCalls).toBeUndefined();
    expect(canonical({ tool_choice: { type: 'none' } }).toolChoice).toEqual({ type: 'none' });
    expect(canonical({ tool_choice: { type: 'tool', name: 'f' } }).toolChoice).toEqual({
      type: 'tool',
      name: 'f',
    });
  });

  it.each([
    [{ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type'],
    [
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'x' } },
            ],
          },
        ],
      },
      'messages[0].content[0].source.type',
    ],
    [
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'text', media_type: 'text/plain', data: 'x' },
                citations: { enabled: true },
              },
            ],
          },
        ],
      },
      'messages[0].content[0].citations',
    ],
    [
      { messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f1' } }] }] },
      'messages[0].content[0].source.type',
    ],
    [
      {
        messages: [
          user,
          {
            role: 'assistant',
            content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }],
          },
        ],
      },
      'messages[1].content[0].type',
    ],
  ])('refuses to translate %j, which the other dialect cannot express', (body, param) => {
    expect(() => canonical(body)).toThrow(expect.objectContaining({ code: 'invalid_request', param }));
  });
});
