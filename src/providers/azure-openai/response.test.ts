import { describe, expect, it } from 'vitest';
import type { AzureChatCompletion } from './api.js';
import { fromAzureChatCompletion, fromAzureEmbeddingsResponse } from './response.js';

describe('fromAzureChatCompletion', () => {
  it('reads a completion the filter cut short as content-filter, ignoring the verdicts', () => {
    const body = {
      id: 'chatcmpl-f',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
      choices: [
        {
          index: 0,
          finish_reason: 'content_filter',
          logprobs: null,
          message: { role: 'assistant', content: null, refusal: null },
          content_filter_results: { sexual: { filtered: true, severity: 'medium' } },
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
    } satisfies AzureChatCompletion;
    expect(fromAzureChatCompletion(body)).toMatchObject({ content: [], finishReason: 'content-filter' });
  });

  it('refuses a body that is not a completion', () => {
    expect(() => fromAzureChatCompletion({ error: 'x' })).toThrow(/could not read/);
  });
});

describe('fromAzureEmbeddingsResponse', () => {
  it('orders vectors by index', () => {
    const body = {
      object: 'list',
      model: 'text-embedding-3-small',
      data: [
        { object: 'embedding', index: 1, embedding: [0.2] },
        { object: 'embedding', index: 0, embedding: [0.1] },
      ],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    expect(fromAzureEmbeddingsResponse(body)).toEqual({
      model: 'text-embedding-3-small',
      vectors: [[0.1], [0.2]],
      inputTokens: 4,
      reported: { prompt_tokens: 4, total_tokens: 4 },
    });
  });
});
