import { describe, expect, it } from 'vitest';
import type { ToolCallPart } from '../core/content.js';
import { answerFollowUp, toolCallFollowUp } from './answer-follow-up.js';

const body = { model: 'chat', messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }] };
const calls: ToolCallPart[] = [
  { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"town":"Paris"}' },
  { type: 'tool-call', id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
];
const problemOf = (call: ToolCallPart) => (call.id === 'call_a' ? "missing property 'city'" : undefined);

describe('answerFollowUp', () => {
  it('quotes the answer back and says what is wrong, keeping the rest of the request', () => {
    const next = answerFollowUp(body, '{"city":"Paris"}', 'x is missing');
    expect(next.model).toBe('chat');
    expect(next.messages).toEqual([
      body.messages[0],
      { role: 'assistant', content: '{"city":"Paris"}' },
      {
        role: 'user',
        content: expect.stringContaining('does not match the required JSON schema: x is missing'),
      },
    ]);
  });
});

describe('toolCallFollowUp', () => {
  it('gives every OpenAI tool call a tool message: the problem, or a note that it was not run', () => {
    const next = toolCallFollowUp('openai', body, '', calls, problemOf);
    const [, assistant, first, second] = next.messages as Array<Record<string, any>>;
    expect(assistant).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"town":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ],
    });
    expect(first).toMatchObject({ role: 'tool', tool_call_id: 'call_a' });
    expect(first!.content).toMatch(/^Invalid tool call, not run: missing property 'city'/);
    expect(second!.content).toMatch(/^Not run: another tool call in this turn was invalid/);
  });

  it('answers Anthropic tool_use blocks with error tool_results in one user turn', () => {
    const broken: ToolCallPart = {
      type: 'tool-call',
      id: 'toolu_c',
      name: 'get_weather',
      arguments: '{"city": "Pa',
    };
    const next = toolCallFollowUp('anthropic', body, 'Let me check.', [broken], () => 'not JSON');
    const [, assistant, results] = next.messages as Array<Record<string, any>>;
    expect(assistant).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        // Arguments that are not an object go back empty: Anthropic requires an object input.
        { type: 'tool_use', id: 'toolu_c', name: 'get_weather', input: {} },
      ],
    });
    expect(results).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_c',
          is_error: true,
          content: expect.stringContaining('Invalid tool call, not run: not JSON'),
        },
      ],
    });
  });
});
