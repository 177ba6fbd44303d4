import { describe, it, expect } from 'vitest';
import { messagesBodySchema } from './messages-schema.js';

const base = { model: 'm', max_tokens: 10 };

describe('messagesBodySchema', () => {
  it('accepts the server-side block types it does not translate, so passthrough keeps working', () => {
    const body = {
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 'srv_1', content: [] },
            { type: 'text', text: 'Found it.' },
          ],
        },
      ],
    };
    expect(messagesBodySchema.parse(body)).toEqual(body);
  });

  it.each([
    [{ ...base, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }] }] }],
    [
      {
        ...base,
        messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: 'x' }] }],
      },
    ],
    [
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }],
      },
    ],
    [{ ...base, messages: [{ role: 'user', content: 'x' }], metadata: { user_id: 5 } }],
    [{ ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'enabled' } }],
    [{ ...base, messages: [{ role: 'user', content: 'x' }], system: [{ type: 'image' }] }],
  ])('rejects %j', (body) => {
    expect(messagesBodySchema.safeParse(body).success).toBe(false);
  });

  it('drops __proto__ keys instead of letting them reach the parsed body', () => {
    const raw: unknown = JSON.parse(
      '{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"__proto__":{"stream":true}}',
    );
    const parsed = messagesBodySchema.parse(raw);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.stream).toBeUndefined();
  });
});
