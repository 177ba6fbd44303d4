import { describe, expect, it } from 'vitest';
import { semanticRequest } from './semantic-request.js';

const lastTurn = { text: 'last-turn' as const, allowTools: false };

describe('semanticRequest', () => {
  it('compares the final user turn, and keeps the rest as context', () => {
    const body = {
      model: 'chat',
      temperature: 0,
      stream: true,
      user: 'u-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'text', text: '  What is the capital of France? ' }] },
      ],
    };
    const found = semanticRequest(body, lastTurn);
    expect(found).toEqual({
      text: 'What is the capital of France?',
      context: { rest: { model: 'chat', temperature: 0 }, earlier: body.messages.slice(0, 3) },
    });
  });

  it('puts a different system prompt or parameter into a different context', () => {
    const ask = (system: string, temperature: number) =>
      semanticRequest(
        {
          model: 'chat',
          temperature,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: 'Q' },
          ],
        },
        lastTurn,
      );
    const base = JSON.stringify(ask('A', 0));
    expect(JSON.stringify(ask('B', 0))).not.toBe(base);
    expect(JSON.stringify(ask('A', 1))).not.toBe(base);
  });

  it('keeps an Anthropic system prompt in the context', () => {
    const found = semanticRequest(
      { system: 'Be brief.', messages: [{ role: 'user', content: 'Q?' }] },
      lastTurn,
    );
    expect(found).toMatchObject({ text: 'Q?', context: { rest: { system: 'Be brief.' } } });
  });

  it.each([
    [
      'a tool result',
      [
        { role: 'tool', tool_call_id: 'c', content: 'x' },
        { role: 'user', content: 'Q' },
      ],
      'tools',
    ],
    [
      'a tool call',
      [
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'user', content: 'Q' },
      ],
      'tools',
    ],
    [
      'an Anthropic tool_result block',
      [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }],
      'tools',
    ],
    [
      'a final assistant turn',
      [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
      'not-user',
    ],
    [
      'an image',
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'this?' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
      ],
      'not-text',
    ],
    ['an empty turn', [{ role: 'user', content: '   ' }], 'empty'],
    ['no messages', [], 'shape'],
    ['a message without a role', [{ content: 'Q' }], 'shape'],
  ])('skips %s', (_name, messages, reason) => {
    expect(semanticRequest({ messages }, lastTurn)).toEqual({ skip: reason });
  });

  it('skips requests that offer tools unless the route allows them', () => {
    const body = { tools: [{ type: 'function' }], messages: [{ role: 'user', content: 'Q' }] };
    expect(semanticRequest(body, lastTurn)).toEqual({ skip: 'tools' });
    expect(semanticRequest(body, { ...lastTurn, allowTools: true })).toMatchObject({ text: 'Q' });
  });

  it('compares the whole conversation when the route says so', () => {
    const body = {
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Q' },
      ],
    };
    expect(semanticRequest(body, { text: 'conversation', allowTools: false })).toEqual({
      text: 'user: Hi\nassistant: Hello\nuser: Q',
      context: { rest: {}, system: [{ role: 'system', content: 'S' }] },
    });
  });
});
