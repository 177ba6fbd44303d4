import { describe, it, expect } from 'vitest';
import { toCanonicalMessages } from './chat-messages.js';
import type { OpenAIChatMessage } from './chat-schema.js';

describe('toCanonicalMessages (OpenAI)', () => {
  it('gathers system text wherever it appears, and drops empty assistant text beside tool calls', () => {
    const messages: OpenAIChatMessage[] = [
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Late rule.', name: 'ops' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
    ];
    expect(toCanonicalMessages(messages)).toEqual({
      system: [{ type: 'text', text: 'Late rule.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
      ],
    });
  });

  it('reads assistant content parts, refusals included, in order', () => {
    const { messages } = toCanonicalMessages([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Partly: ' },
          { type: 'refusal', refusal: 'not that part.' },
        ],
        refusal: 'ignored when content exists',
      },
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'text', text: 'Partly: ' },
      { type: 'text', text: 'not that part.' },
    ]);
  });

  it('keeps tool messages separated by another turn apart', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    const { messages } = toCanonicalMessages([
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'c1', content: 'one' },
      { role: 'user', content: 'again' },
      { role: 'assistant', content: null, tool_calls: [{ ...call, id: 'c2' }] },
      { role: 'tool', tool_call_id: 'c2', content: 'two' },
    ]);
    expect(messages.map((message) => message.role)).toEqual([
      'assistant',
      'tool',
      'user',
      'assistant',
      'tool',
    ]);
  });

  it('rejects deprecated function_call turns and custom tool calls when crossing', () => {
    expect(() =>
      toCanonicalMessages([
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{}' } },
      ]),
    ).toThrow(expect.objectContaining({ param: 'messages[0].function_call' }));
    expect(() =>
      toCanonicalMessages([
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'x', type: 'custom', custom: { name: 'c', input: 'i' } }],
        },
      ]),
    ).toThrow(expect.objectContaining({ param: 'messages[0].tool_calls[0].type' }));
  });

  it('rejects a data URL without a media type', () => {
    expect(() =>
      toCanonicalMessages([
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:;base64,AAAA' } }] },
      ]),
    ).toThrow(/data URL/);
  });
});
