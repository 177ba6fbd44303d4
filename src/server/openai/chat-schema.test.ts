import { describe, it, expect } from 'vitest';
import { chatBodySchema } from './chat-schema.js';

const valid = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

describe('chatBodySchema', () => {
  it('accepts every message role and content part OpenAI documents', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'developer', content: 'd' },
        { role: 'system', content: [{ type: 'text', text: 's' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 't' },
            { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            { type: 'file', file: { file_id: 'file-1' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 'a', content: 'r' },
        { role: 'function', name: 'f', content: null },
      ],
    };
    expect(chatBodySchema.safeParse(body).success).toBe(true);
  });

  it('returns a copy that keeps unknown fields and leaves the input untouched', () => {
    const input = { ...valid, prediction: { type: 'content', content: 'x' } };
    const parsed = chatBodySchema.parse(input);
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
  });

  it.each([
    [{ ...valid, seed: 1.5 }],
    [{ ...valid, frequency_penalty: 3 }],
    [{ ...valid, temperature: Number.POSITIVE_INFINITY }],
    [{ ...valid, temperature: Number.NaN }],
    [{ ...valid, stream_options: { include_usage: 'yes' } }],
    [{ ...valid, tools: [{ type: 'retrieval' }] }],
    [{ ...valid, messages: [{ role: 'tool', content: 'x' }] }],
  ])('rejects %j', (body) => {
    expect(chatBodySchema.safeParse(body).success).toBe(false);
  });

  it('drops __proto__ keys instead of letting them reach the parsed body', () => {
    const raw: unknown = JSON.parse(
      '{"model":"m","messages":[{"role":"user","content":"hi"}],"__proto__":{"stream":true,"n":9}}',
    );
    const parsed = chatBodySchema.parse(raw);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.stream).toBeUndefined();
    expect(JSON.stringify(parsed)).not.toContain('__proto__');
  });
});
