import { describe, expect, it } from 'vitest';
import type { AzureChatCompletionChunk } from './api.js';
import { createAzureStreamDecoder } from './stream.js';

const promptFilter = {
  id: '',
  object: '',
  created: 0,
  model: '',
  choices: [],
  prompt_filter_results: [
    { prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } },
  ],
} satisfies AzureChatCompletionChunk;

const base = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'gpt-4o',
} as const;

const event = (chunk: unknown) => ({ data: JSON.stringify(chunk) });

describe('createAzureStreamDecoder', () => {
  it('forwards the prompt-filter chunk without events, so the response starts at the real chunk', () => {
    const decoder = createAzureStreamDecoder();
    expect(decoder.decode(event(promptFilter))).toEqual({ events: [], passthrough: 'forward' });
    const first = decoder.decode(
      event({ ...base, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] }),
    );
    expect(first.events).toEqual([
      { type: 'response-start', id: 'chatcmpl-1', model: 'gpt-4o', created: 1700000000 },
    ]);
  });

  it('treats filter annotations on empty deltas as no content (the commit point does not move)', () => {
    const decoder = createAzureStreamDecoder();
    decoder.decode(event(promptFilter));
    decoder.decode(event({ ...base, choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] }));
    const annotation = decoder.decode(
      event({
        ...base,
        choices: [
          { index: 0, delta: {}, finish_reason: null, content_filter_results: { hate: { filtered: false } } },
        ],
      }),
    );
    expect(annotation).toEqual({ events: [], passthrough: 'forward' });
  });

  it('maps a completion the filter stopped to the content-filter finish', () => {
    const decoder = createAzureStreamDecoder();
    decoder.decode(event(promptFilter));
    const decoded = decoder.decode(
      event({
        ...base,
        choices: [
          {
            index: 0,
            delta: {},
            finish_reason: 'content_filter',
            content_filter_results: { violence: { filtered: true, severity: 'high' } },
          },
        ],
      }),
    );
    expect(decoded.events).toEqual([
      { type: 'response-start', id: 'chatcmpl-1', model: 'gpt-4o', created: 1700000000 },
      { type: 'finish', reason: 'content-filter' },
    ]);
  });

  it('still reads a usage-only chunk (v1 and recent previews send one) as usage-only', () => {
    const decoder = createAzureStreamDecoder();
    decoder.decode(event({ ...base, choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] }));
    const usage = decoder.decode(
      event({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }),
    );
    expect(usage.passthrough).toBe('usage-only');
    expect(usage.events).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 3,
          outputTokens: 1,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reported: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        },
      },
    ]);
  });

  it('reports an unreadable first event as an error, not as a filter chunk', () => {
    const decoded = createAzureStreamDecoder().decode({ data: '{"prompt_filter_results": [' });
    expect(decoded.error?.code).toBe('stream_interrupted');
  });

  it('maps an in-stream content-filter error to content_filter', () => {
    const decoder = createAzureStreamDecoder();
    const decoded = decoder.decode(
      event({
        error: {
          code: 'content_filter',
          message: 'filtered',
          innererror: { code: 'ResponsibleAIPolicyViolation' },
        },
      }),
    );
    expect(decoded.error?.code).toBe('content_filter');
  });
});
