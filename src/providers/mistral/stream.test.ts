import { describe, expect, it } from 'vitest';
import type { MistralChunk, MistralDelta } from './api.js';
import { createMistralStreamDecoder } from './stream.js';

function chunk(
  delta: MistralDelta,
  finish: MistralChunk['choices'][number]['finish_reason'] = null,
  extra: Partial<MistralChunk> = {},
) {
  const value: MistralChunk = {
    id: 'cmpl-s',
    object: 'chat.completion.chunk',
    created: 1735689600,
    model: 'mistral-small-latest',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  };
  return { data: JSON.stringify(value) };
}

function decodeAll(events: Array<{ data: string }>) {
  const decoder = createMistralStreamDecoder();
  return events.map((event) => decoder.decode(event));
}

describe('createMistralStreamDecoder', () => {
  it('reads usage riding on the last chunk beside the finish reason, then [DONE] ends cleanly', () => {
    const [, last, done] = decodeAll([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: '.' }, 'stop', {
        usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10, num_cached_tokens: 4 },
      }),
      { data: '[DONE]' },
    ]);
    expect(last?.events).toEqual([
      { type: 'text-delta', text: '.' },
      { type: 'finish', reason: 'stop' },
      {
        type: 'usage',
        usage: {
          inputTokens: 9,
          outputTokens: 1,
          cacheReadTokens: 4,
          cacheWriteTokens: 0,
          reported: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10, num_cached_tokens: 4 },
        },
      },
    ]);
    expect(done?.done).toBe(true);
  });

  it('maps model_length to a length finish', () => {
    const [decoded] = decodeAll([chunk({ content: 'x' }, 'model_length')]);
    expect(decoded?.events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('turns thinking chunks into reasoning deltas and text chunks into text deltas', () => {
    const [decoded] = decodeAll([
      chunk({
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] },
          { type: 'text', text: 'Yes.' },
        ],
      }),
    ]);
    expect(decoded?.events.slice(1)).toEqual([
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'text-delta', text: 'Yes.' },
    ]);
  });

  it('reports a choice that finishes with "error" as an interrupted stream, not a clean finish', () => {
    const [first, failed] = decodeAll([chunk({ content: 'Half' }), chunk({ content: ' an' }, 'error')]);
    expect(first?.error).toBeUndefined();
    expect(failed?.events).toEqual([]);
    expect(failed?.error?.code).toBe('stream_interrupted');
    expect(failed?.done).toBeUndefined();
  });

  it('reads Mistral’s flat error object inside a stream', () => {
    const [decoded] = decodeAll([
      {
        data: JSON.stringify({
          object: 'error',
          message: 'Rate limit exceeded',
          type: 'rate_limit_error',
          param: null,
          code: '1300',
        }),
      },
    ]);
    expect(decoded?.error?.code).toBe('rate_limited');
    expect(decoded?.passthrough).toBe('drop');
  });

  it.each(['{"choices": [', 'null', '"text"'])('reports an unreadable event (%s)', (data) => {
    expect(decodeAll([{ data }])[0]?.error?.code).toBe('stream_interrupted');
  });
});
