import { describe, expect, it } from 'vitest';
import { promptText, replyPrimerTokens, tokensPerMessage, tokensPerName } from './prompt-text.js';

/** Framing per message: the markers plus the one-token role name. */
const perMessage = tokensPerMessage + 1;

describe('promptText, OpenAI chat bodies', () => {
  const body = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are terse.' },
      {
        role: 'user',
        name: 'ada',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/lighthouse.png' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'earlier reasoning is not input',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'found it' },
    ],
    tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    temperature: 0.2,
  };

  it('takes text parts, names, tool calls, tool results and tool definitions, and skips images', () => {
    expect(promptText(body, 'openai')).toEqual({
      text:
        'You are terse. ada What is this? lookup {"q":"x"} found it ' +
        '{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}',
      // 4 messages x (3 + 1 role) + 1 for the name + 3 for the reply primer = 20
      fixedTokens: 4 * perMessage + tokensPerName + replyPrimerTokens,
    });
    expect(promptText(body, 'openai').fixedTokens).toBe(20);
  });

  it('reads refusals, custom tool calls, the deprecated function_call and a JSON schema format', () => {
    const result = promptText(
      {
        messages: [
          { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
          { role: 'assistant', tool_calls: [{ type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } }] },
          { role: 'assistant', function_call: { name: 'old', arguments: '{}' } },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
      },
      'openai',
    );
    expect(result.text).toBe('No. sql SELECT 1 old {} {"name":"answer","schema":{"type":"object"}}');
    expect(result.fixedTokens).toBe(3 * perMessage + replyPrimerTokens);
  });
});

describe('promptText, Anthropic messages bodies', () => {
  it('takes the system prompt, text, tool use, tool results, text documents and tools', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'earlier thinking is not input', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'found it' }] },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            {
              type: 'document',
              title: 'Doc',
              source: { type: 'text', media_type: 'text/plain', data: 'Doc body' },
            },
          ],
        },
      ],
      tools: [{ name: 'lookup', description: 'Look up', input_schema: { type: 'object' } }],
    };
    expect(promptText(body, 'anthropic')).toEqual({
      text:
        'Be brief. Hi lookup {"q":"x"} found it Doc Doc body ' +
        '{"name":"lookup","description":"Look up","input_schema":{"type":"object"}}',
      // The system prompt counts as a message: 4 x (3 + 1) + 3 = 19
      fixedTokens: 19,
    });
  });

  it('takes a string system prompt and string tool results, and counts no system when there is none', () => {
    const withSystem = promptText(
      {
        system: 'Rules.',
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'plain result' }] },
        ],
      },
      'anthropic',
    );
    expect(withSystem).toEqual({
      text: 'Rules. plain result',
      fixedTokens: 2 * perMessage + replyPrimerTokens,
    });
    const without = promptText({ messages: [{ role: 'user', content: 'Hi' }] }, 'anthropic');
    expect(without.fixedTokens).toBe(perMessage + replyPrimerTokens);
  });
});

describe('promptText, embeddings and odd bodies', () => {
  it('takes embeddings input as text, and token-id input as exact counts', () => {
    expect(promptText({ model: 'e', input: 'one text' }, 'openai')).toEqual({
      text: 'one text',
      fixedTokens: 0,
    });
    expect(promptText({ input: ['a', 'b'] }, 'openai')).toEqual({ text: 'a b', fixedTokens: 0 });
    expect(promptText({ input: [101, 102, 103] }, 'openai')).toEqual({ text: '', fixedTokens: 3 });
    expect(promptText({ input: [[1, 2], [3]] }, 'openai', 'embeddings')).toEqual({
      text: '',
      fixedTokens: 3,
    });
  });

  it('yields nothing countable from a body of the wrong shape, without throwing', () => {
    for (const body of [null, 'text', 42, [], { messages: 'no' }, { messages: [null, 7] }]) {
      const result = promptText(body, 'openai');
      expect(result.text).toBe('');
    }
    expect(promptText({ messages: [{ role: 'user' }] }, 'anthropic').text).toBe('');
  });

  it('stops descending into absurdly nested tool results', () => {
    let content: unknown = [{ type: 'text', text: 'deep' }];
    for (let level = 0; level < 10; level++) content = [{ type: 'tool_result', content }];
    expect(promptText({ messages: [{ role: 'user', content }] }, 'anthropic').text).toBe('');
  });
});
