import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { ChatCompletion } from './api.js';
import { fromChatCompletion, fromEmbeddingsResponse, fromFinishReason, fromUsage } from './response.js';

function completion(
  message: Partial<ChatCompletion.Choice['message']>,
  finish: ChatCompletion.Choice['finish_reason'] = 'stop',
): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-4o',
    choices: [
      {
        index: 0,
        finish_reason: finish,
        logprobs: null,
        message: { role: 'assistant', content: null, refusal: null, ...message },
      },
    ],
  };
}

describe('fromChatCompletion', () => {
  it('reads id, model, created, text and finish reason', () => {
    expect(fromChatCompletion(completion({ content: 'Hi' }))).toEqual({
      id: 'chatcmpl-1',
      model: 'gpt-4o',
      created: 1700000000,
      content: [{ type: 'text', text: 'Hi' }],
      finishReason: 'stop',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
  });

  it('puts text before tool calls, keeps their order and their argument text as sent', () => {
    const response = fromChatCompletion(
      completion(
        {
          content: 'Checking.',
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
            { id: 'c', type: 'custom', custom: { name: 'grammar', input: 'free text' } },
            { id: 'b', type: 'function', function: { name: 'g', arguments: 'not json' } },
          ],
        },
        'tool_calls',
      ),
    );
    expect(response.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'a', name: 'f', arguments: '{"x":1}' },
      { type: 'tool-call', id: 'b', name: 'g', arguments: 'not json' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
  });

  it('reports a refusal beside the content', () => {
    const response = fromChatCompletion(completion({ refusal: 'I cannot help with that.' }));
    expect(response.refusal).toBe('I cannot help with that.');
    expect(response.content).toEqual([]);
  });

  it('reads the choice with index 0 even when another comes first', () => {
    const body = completion({ content: 'zero' });
    const other = { ...body.choices[0]!, index: 1, message: { ...body.choices[0]!.message, content: 'one' } };
    expect(fromChatCompletion({ ...body, choices: [other, body.choices[0]] }).content).toEqual([
      { type: 'text', text: 'zero' },
    ]);
  });

  it('answers an empty choice list with no content', () => {
    expect(fromChatCompletion({ ...completion({}), choices: [] })).toMatchObject({
      content: [],
      finishReason: 'other',
    });
  });

  it.each([null, 'text', 42, [], {}, { choices: 'many' }])(
    'refuses an unreadable body (%j) with a gateway error',
    (body) => {
      expect(() => fromChatCompletion(body)).toThrow(GatewayError);
      try {
        fromChatCompletion(body);
      } catch (error) {
        expect((error as GatewayError).code).toBe('upstream_error');
      }
    },
  );

  it('survives hostile field types inside a valid envelope', () => {
    const body = {
      id: 5,
      model: null,
      created: 'yesterday',
      choices: [{ index: 0, message: { content: 7, tool_calls: [null, { function: 'x' }] } }],
      usage: 'lots',
    };
    expect(fromChatCompletion(body)).toEqual({
      id: '',
      model: '',
      created: 0,
      content: [],
      finishReason: 'other',
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
  });
});

describe('fromFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['error', 'other'],
    [null, 'other'],
    [undefined, 'other'],
  ])('%s -> %s', (reason, expected) => {
    expect(fromFinishReason(reason)).toBe(expected);
  });
});

describe('fromUsage', () => {
  it('reads cached and reasoning tokens as subsets of prompt and completion tokens', () => {
    const reported = {
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 20 },
    };
    expect(fromUsage(reported)).toEqual({
      inputTokens: 100,
      outputTokens: 50,
      cacheReadTokens: 64,
      cacheWriteTokens: 0,
      reasoningTokens: 20,
      reported,
    });
  });

  it('reads audio tokens as subsets of prompt and completion tokens, priced apart from text', () => {
    const reported = {
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 900 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 400 },
    };
    expect(fromUsage(reported)).toEqual({
      inputTokens: 1000,
      outputTokens: 500,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      audioInputTokens: 900,
      audioOutputTokens: 400,
      reported,
    });
  });

  it('treats missing, negative and non-numeric counts as zero', () => {
    // No usage object: zeros, and no `reported`, so the record knows nothing was reported.
    expect(fromUsage(undefined)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
    const junk = {
      prompt_tokens: -3,
      completion_tokens: '9',
      prompt_tokens_details: { cached_tokens: Number.NaN, audio_tokens: -1 },
      completion_tokens_details: { audio_tokens: '4' },
    };
    expect(fromUsage(junk)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: junk,
    });
  });
});

describe('fromEmbeddingsResponse', () => {
  it('returns vectors in input order whatever order the list came in', () => {
    const body = {
      object: 'list',
      model: 'text-embedding-3-small',
      data: [
        { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
        { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
      ],
      usage: { prompt_tokens: 6, total_tokens: 6 },
    };
    expect(fromEmbeddingsResponse(body)).toEqual({
      model: 'text-embedding-3-small',
      vectors: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      inputTokens: 6,
      reported: { prompt_tokens: 6, total_tokens: 6 },
    });
  });

  it.each([
    { data: [{ index: 0, embedding: 'AAAAPw==' }] },
    { data: [{ embedding: [1] }] },
    { data: 'none' },
    null,
  ])('refuses an unreadable body (%j)', (body) => {
    expect(() => fromEmbeddingsResponse(body)).toThrow(GatewayError);
  });
});

describe('fromChatCompletion: tool calls without ids', () => {
  it('gives each one a distinct id the client can answer with', () => {
    const response = fromChatCompletion({
      id: 'chatcmpl-1',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { type: 'function', function: { name: 'a', arguments: '{}' } },
              { id: '', type: 'function', function: { name: 'b', arguments: '{}' } },
              { id: 'call_kept', type: 'function', function: { name: 'c', arguments: '{}' } },
            ],
          },
        },
      ],
    });
    const ids = response.content.map((part) => (part.type === 'tool-call' ? part.id : ''));
    expect(ids[0]).toMatch(/^call_[a-f0-9]{24}$/);
    expect(ids[1]).toMatch(/^call_[a-f0-9]{24}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(ids[2]).toBe('call_kept');
  });
});
