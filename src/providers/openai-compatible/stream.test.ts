import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../core/index.js';
import type { SseEvent } from '../provider.js';
import { createCompatibleStreamDecoder } from './stream.js';

const meta = { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm' };

function chunk(choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}): SseEvent {
  return {
    data: JSON.stringify({
      ...meta,
      choices: choice === null ? [] : [{ index: 0, finish_reason: null, ...choice }],
      ...extra,
    }),
  };
}

function decodeAll(events: SseEvent[]): StreamEvent[] {
  const decoder = createCompatibleStreamDecoder();
  return events
    .flatMap((event) => decoder.decode(event).events)
    .filter((event) => event.type !== 'response-start');
}

const totals = { prompt_tokens: 20, completion_tokens: 4, total_tokens: 24 };
const canonicalTotals = { inputTokens: 20, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('createCompatibleStreamDecoder', () => {
  it('turns `reasoning` and `reasoning_content` deltas into reasoning events before the text', () => {
    expect(
      decodeAll([
        chunk({ delta: { role: 'assistant', reasoning: 'Ollama thinks', content: '' } }),
        chunk({ delta: { reasoning_content: 'DeepSeek thinks', content: null } }),
        chunk({ delta: { reasoning_content: null, content: 'Answer' } }),
      ]),
    ).toEqual([
      { type: 'reasoning-delta', text: 'Ollama thinks' },
      { type: 'reasoning-delta', text: 'DeepSeek thinks' },
      { type: 'text-delta', text: 'Answer' },
    ]);
  });

  it('reads usage from Groq’s x_groq when the chunk has none of its own', () => {
    expect(
      decodeAll([chunk({ delta: {}, finish_reason: 'stop' }, { x_groq: { id: 'req', usage: totals } })]),
    ).toEqual([
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage: { ...canonicalTotals, reported: totals } },
    ]);
  });

  it('reports Groq’s totals once even when x_groq’s copy carries timings the usage chunk lacks', () => {
    const decoder = createCompatibleStreamDecoder();
    const first = decoder.decode(
      chunk({ delta: {}, finish_reason: 'stop' }, { x_groq: { usage: { ...totals, queue_time: 0.02 } } }),
    );
    expect(first.events.at(-1)).toEqual({
      type: 'usage',
      usage: { ...canonicalTotals, reported: { ...totals, queue_time: 0.02 } },
    });
    expect(decoder.decode(chunk(null, { usage: totals }))).toEqual({ events: [], passthrough: 'usage-only' });
  });

  it('reports the same totals once when a server repeats them, and keeps the repeat usage-only', () => {
    const decoder = createCompatibleStreamDecoder();
    decoder.decode(chunk({ delta: {}, finish_reason: 'stop' }, { x_groq: { usage: totals } }));
    expect(decoder.decode(chunk(null, { usage: totals }))).toEqual({ events: [], passthrough: 'usage-only' });
  });

  it('reports changed totals again', () => {
    const events = decodeAll([
      chunk({ delta: { content: 'a' } }, { usage: totals }),
      chunk(null, { usage: { ...totals, completion_tokens: 9 } }),
    ]);
    expect(events.filter((event) => event.type === 'usage')).toHaveLength(2);
  });

  it('reads DeepSeek cache hits in the usage chunk', () => {
    expect(decodeAll([chunk(null, { usage: { ...totals, prompt_cache_hit_tokens: 16 } })])).toEqual([
      {
        type: 'usage',
        usage: {
          ...canonicalTotals,
          cacheReadTokens: 16,
          reported: { ...totals, prompt_cache_hit_tokens: 16 },
        },
      },
    ]);
  });

  it('maps OpenRouter’s status-coded mid-stream errors', () => {
    const decoder = createCompatibleStreamDecoder();
    const limited = decoder.decode({
      data: JSON.stringify({
        id: 'gen',
        error: { code: 429, message: 'Rate limited upstream' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
    });
    expect(limited).toMatchObject({ events: [], passthrough: 'drop' });
    expect(limited.error?.code).toBe('rate_limited');
    const down = decoder.decode({
      data: JSON.stringify({ error: { code: 502, message: 'Provider returned error' } }),
    });
    expect(down.error?.code).toBe('stream_interrupted');
  });

  it('maps older vLLM’s flat error object', () => {
    const decoded = createCompatibleStreamDecoder().decode({
      data: JSON.stringify({
        object: 'error',
        message: "This model's maximum context length is 2048 tokens.",
        type: 'BadRequestError',
        param: null,
        code: 400,
      }),
    });
    expect(decoded.error?.code).toBe('context_length_exceeded');
    expect(decoded.error?.upstreamCode).toBeUndefined();
  });

  it('leaves OpenAI-shaped errors to the openai decoder', () => {
    const decoded = createCompatibleStreamDecoder().decode({
      data: JSON.stringify({ error: { message: 'x', type: 'server_error', code: 'boom' } }),
    });
    expect(decoded.error?.code).toBe('stream_interrupted');
    expect(decoded.error?.upstreamCode).toBe('boom');
  });

  it('still reports the clean end and unreadable events', () => {
    const decoder = createCompatibleStreamDecoder();
    expect(decoder.decode({ data: '[DONE]' }).done).toBe(true);
    expect(decoder.decode({ data: '{oops' }).error?.code).toBe('stream_interrupted');
  });
});
