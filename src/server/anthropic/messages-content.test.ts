import { describe, it, expect } from 'vitest';
import { toCanonicalMessages } from './messages-content.js';

describe('toCanonicalMessages (Anthropic)', () => {
  it('splits a user turn into runs of tool results and other blocks, keeping their order', () => {
    const { messages } = toCanonicalMessages(undefined, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'before' },
          { type: 'tool_result', tool_use_id: 't1' },
          { type: 'tool_result', tool_use_id: 't2', content: 'ok' },
          { type: 'text', text: 'after' },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'before' }] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 't1', content: [] },
          { type: 'tool-result', toolCallId: 't2', content: [{ type: 'text', text: 'ok' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('reads string content in both roles and drops an empty assistant string', () => {
    const { system, messages } = toCanonicalMessages('Rules.', [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: 'Hello.' },
    ]);
    expect(system).toEqual([{ type: 'text', text: 'Rules.' }]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
    ]);
  });

  it('names the exact block a crossing cannot carry', () => {
    expect(() =>
      toCanonicalMessages(undefined, [
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: [{ type: 'text', text: 'x' }, { type: 'search_result' }],
            },
          ],
        },
      ]),
    ).toThrow(expect.objectContaining({ param: 'messages[0].content[0].content[1].type' }));
  });
});
