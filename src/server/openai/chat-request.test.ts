import { describe, it, expect } from 'vitest';
import { GatewayError } from '../../errors.js';
import { parseChatBody, toCanonicalRequest } from './chat-request.js';

const user = { role: 'user', content: 'Hi' };

function rejection(body: unknown): GatewayError {
  try {
    parseChatBody(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

function canonical(body: Record<string, unknown>) {
  return toCanonicalRequest(parseChatBody({ model: 'gpt-x', messages: [user], ...body }));
}

const toolTurn = {
  role: 'assistant',
  content: null,
  tool_calls: [
    { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
  ],
};

describe('parseChatBody', () => {
  it('keeps unknown fields at every level, for passthrough', () => {
    const body = parseChatBody({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'Hi', vendor_hint: 1 }],
      logit_bias: { '42': 1 },
      store: true,
    });
    expect(body).toMatchObject({ logit_bias: { '42': 1 }, store: true });
    expect(body.messages[0]).toMatchObject({ vendor_hint: 1 });
  });

  it('accepts the nulls OpenAI clients send for unset options', () => {
    const body = parseChatBody({
      model: 'gpt-x',
      messages: [user],
      temperature: null,
      max_tokens: null,
      stop: null,
      stream: null,
      stream_options: null,
    });
    expect(toCanonicalRequest(body)).toMatchObject({ stream: false, streamUsage: false });
  });

  it.each([
    ['a string', '"hi"'],
    ['an array', []],
    ['null', null],
    ['a number', 3],
  ])('rejects a body that is %s', (_label, body) => {
    const error = rejection(body);
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/JSON object/);
  });

  it.each([
    [{ messages: [user] }, 'model', /required/],
    [{ model: 42, messages: [user] }, 'model', /expected string, got 42/],
    [{ model: 'm' }, 'messages', /required/],
    [{ model: 'm', messages: [] }, 'messages', /must not be empty/],
    [{ model: 'm', messages: 'hi' }, 'messages', /expected array, got 'hi'/],
    [
      { model: 'm', messages: [{ role: 'robot', content: 'x' }] },
      'messages[0].role',
      /one of .*'user'.*got 'robot'/,
    ],
    [{ model: 'm', messages: [user, { content: 'x' }] }, 'messages[1].role', /required/],
    [{ model: 'm', messages: [{ role: 'user' }] }, 'messages[0].content', /required/],
    [
      { model: 'm', messages: [{ role: 'user', content: 7 }] },
      'messages[0].content',
      /expected string or array, got 7/,
    ],
    [
      { model: 'm', messages: [user, user, { role: 'user', content: [{ type: 'video', url: 'x' }] }] },
      'messages[2].content[0].type',
      /got 'video'/,
    ],
    [
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] },
      'messages[0].content[0].text',
      /expected string/,
    ],
    [{ model: 'm', messages: [user], max_tokens: 0 }, 'max_tokens', /greater than 0/],
    [{ model: 'm', messages: [user], max_tokens: 2.5 }, 'max_tokens', /expected integer, got 2.5/],
    [{ model: 'm', messages: [user], max_completion_tokens: -1 }, 'max_completion_tokens', /greater than 0/],
    [{ model: 'm', messages: [user], temperature: 2.5 }, 'temperature', /at most 2/],
    [{ model: 'm', messages: [user], temperature: -0.1 }, 'temperature', /at least 0/],
    [{ model: 'm', messages: [user], top_p: 1.5 }, 'top_p', /at most 1/],
    [{ model: 'm', messages: [user], stream: 'yes' }, 'stream', /expected boolean, got 'yes'/],
    [
      { model: 'm', messages: [user], tool_choice: 'sometimes' },
      'tool_choice',
      /expected one of 'none', 'auto', 'required' or object, got 'sometimes'/,
    ],
    [
      { model: 'm', messages: [user], response_format: { type: 'yaml' } },
      'response_format.type',
      /got 'yaml'/,
    ],
  ])('rejects %j at %s', (body, param, message) => {
    const error = rejection(body);
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`'${param}'`);
  });

  it('rejects a tool message answering a call no earlier assistant made', () => {
    const error = rejection({
      model: 'm',
      messages: [user, toolTurn, { role: 'tool', tool_call_id: 'call_2', content: 'sunny' }],
    });
    expect(error.param).toBe('messages[2].tool_call_id');
    expect(error.message).toContain("'call_2'");
  });

  it('rejects a tool result that comes before the call it answers', () => {
    const error = rejection({
      model: 'm',
      messages: [user, { role: 'tool', tool_call_id: 'call_1', content: 'sunny' }, toolTurn],
    });
    expect(error.param).toBe('messages[1].tool_call_id');
  });

  it('rejects an assistant message with neither content nor tool calls', () => {
    const error = rejection({ model: 'm', messages: [user, { role: 'assistant', content: null }] });
    expect(error.param).toBe('messages[1].content');
  });

  it('truncates a hostile long value echoed in an error message', () => {
    const error = rejection({ model: 'm', messages: [{ role: 'x'.repeat(10_000), content: 'x' }] });
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('toCanonicalRequest', () => {
  it('gathers system and developer messages into system, in order', () => {
    const request = canonical({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] },
        user,
      ],
    });
    expect(request.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric.' },
    ]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('maps sampling options, preferring max_completion_tokens over max_tokens', () => {
    const request = canonical({
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 0.3,
      top_p: 0.9,
      stop: 'END',
      user: 'u-1',
      reasoning_effort: 'low',
      parallel_tool_calls: false,
    });
    expect(request).toMatchObject({
      maxTokens: 20,
      temperature: 0.3,
      topP: 0.9,
      stop: ['END'],
      user: 'u-1',
      reasoningEffort: 'low',
      parallelToolCalls: false,
    });
    expect(canonical({ max_tokens: 10 }).maxTokens).toBe(10);
  });

  it('asks for stream usage only when streaming with include_usage', () => {
    expect(canonical({ stream: true, stream_options: { include_usage: true } })).toMatchObject({
      stream: true,
      streamUsage: true,
    });
    expect(canonical({ stream: true })).toMatchObject({ stream: true, streamUsage: false });
    expect(canonical({ stream: false, stream_options: { include_usage: true } }).streamUsage).toBe(false);
  });

  it('turns a data: URL image into a base64 source and keeps plain URLs', () => {
    const request = canonical({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        detail: 'high',
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('rejects a data: URL that is not base64', () => {
    expect(() =>
      canonical({
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,hello' } }] }],
      }),
    ).toThrow(expect.objectContaining({ param: 'messages[0].content[0].image_url.url' }));
  });

  it('maps tool calls and merges consecutive tool messages into one tool turn', () => {
    const assistant = {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
        { id: 'b', type: 'function', function: { name: 'g', arguments: 'not json' } },
      ],
    };
    const request = canonical({
      messages: [
        user,
        assistant,
        { role: 'tool', tool_call_id: 'a', content: 'one' },
        { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'two' }] },
        { role: 'user', content: 'thanks', name: 'ann' },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'a', name: 'f', arguments: '{"x":1}' },
          { type: 'tool-call', id: 'b', name: 'g', arguments: 'not json' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'one' }] },
          { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'two' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }], name: 'ann' },
    ]);
  });

  it('maps tools, tool_choice both ways of naming, and response formats', () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true },
      },
      { type: 'function', function: { name: 'g' } },
    ];
    const request = canonical({ tools, tool_choice: { type: 'function', function: { name: 'g' } } });
    expect(request.tools).toEqual([
      { name: 'f', description: 'does f', parameters: { type: 'object' }, strict: true },
      { name: 'g', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'g' });
    expect(canonical({ tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
    expect(canonical({ tool_choice: 'none' }).toolChoice).toEqual({ type: 'none' });
    expect(canonical({ response_format: { type: 'json_object' } }).responseFormat).toEqual({ type: 'json' });
    expect(
      canonical({
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'r', schema: { type: 'object' }, strict: true },
        },
      }).responseFormat,
    ).toEqual({ type: 'json-schema', name: 'r', schema: { type: 'object' }, strict: true });
  });

  it('renders an assistant refusal as what the assistant said', () => {
    const request = canonical({ messages: [user, { role: 'assistant', refusal: "I can't help." }, user] });
    expect(request.messages[1]?.content).toEqual([{ type: 'text', text: "I can't help." }]);
  });

  it.each([
    [{ n: 2 }, 'n'],
    [
      {
        messages: [
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
        ],
      },
      'messages[0].content[0].type',
    ],
    [{ messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0].role'],
    [{ tools: [{ type: 'custom', custom: { name: 'c' } }] }, 'tools[0].type'],
    [
      { tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } } },
      'tool_choice.type',
    ],
  ])('refuses to translate %j, which the other dialect cannot express', (body, param) => {
    expect(() => canonical(body)).toThrow(expect.objectContaining({ code: 'invalid_request', param }));
  });
});
