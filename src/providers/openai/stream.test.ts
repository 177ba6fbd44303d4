import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { StreamDecoder } from '../provider.js';
import { createStreamDecoder } from './stream.js';

const meta = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o' };

function chunk(
  choice: Record<string, unknown> | null,
  extra: Record<string, unknown> = {},
): { data: string } {
  return {
    data: JSON.stringify({
      ...meta,
      choices: choice === null ? [] : [{ index: 0, finish_reason: null, ...choice }],
      ...extra,
    }),
  };
}

/** A decoder that has already seen its first chunk, so response-start is out of the way. */
function started(decoder: StreamDecoder = createStreamDecoder()): StreamDecoder {
  decoder.decode(chunk({ delta: { role: 'assistant', content: '' } }));
  return decoder;
}

describe('createStreamDecoder', () => {
  it('starts the response once, on the first chunk, and forwards role-only deltas without events', () => {
    const decoder = createStreamDecoder();
    expect(decoder.decode(chunk({ delta: { role: 'assistant', content: '' } }))).toEqual({
      events: [{ type: 'response-start', id: 'chatcmpl-9', model: 'gpt-4o', created: 1700000000 }],
      passthrough: 'forward',
    });
    expect(decoder.decode(chunk({ delta: { role: 'assistant' } }))).toEqual({
      events: [],
      passthrough: 'forward',
    });
  });

  it('keeps state per response: a second decoder starts its own response', () => {
    started();
    expect(createStreamDecoder().decode(chunk({ delta: { content: 'x' } })).events[0]?.type).toBe(
      'response-start',
    );
  });

  it('marks [DONE] as the clean end', () => {
    expect(started().decode({ data: '[DONE]' })).toEqual({ events: [], passthrough: 'forward', done: true });
  });

  it('emits text, refusal and finish in delta order', () => {
    const decoder = started();
    expect(decoder.decode(chunk({ delta: { content: 'Hi' } })).events).toEqual([
      { type: 'text-delta', text: 'Hi' },
    ]);
    expect(decoder.decode(chunk({ delta: { refusal: 'No.' } })).events).toEqual([
      { type: 'refusal-delta', text: 'No.' },
    ]);
    expect(decoder.decode(chunk({ delta: {}, finish_reason: 'content_filter' })).events).toEqual([
      { type: 'finish', reason: 'content-filter' },
    ]);
  });

  it('reads the usage-only chunk and forwards it only to clients who asked', () => {
    const usage = {
      prompt_tokens: 5,
      completion_tokens: 2,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 4 },
    };
    expect(started().decode(chunk(null, { usage }))).toEqual({
      events: [
        {
          type: 'usage',
          usage: {
            inputTokens: 5,
            outputTokens: 2,
            cacheReadTokens: 4,
            cacheWriteTokens: 0,
            reported: usage,
          },
        },
      ],
      passthrough: 'usage-only',
    });
  });

  it('reads usage riding beside finish_reason, after the finish, and still forwards the chunk', () => {
    const decoded = started().decode(
      chunk(
        { delta: {}, finish_reason: 'length' },
        { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
      ),
    );
    expect(decoded.events.map((event) => event.type)).toEqual(['finish', 'usage']);
    expect(decoded.passthrough).toBe('forward');
  });

  it('reads audio tokens in the usage-only chunk', () => {
    const details = {
      prompt_tokens_details: { audio_tokens: 25 },
      completion_tokens_details: { audio_tokens: 15 },
    };
    const [event] = started().decode(
      chunk(null, { usage: { prompt_tokens: 30, completion_tokens: 20, ...details } }),
    ).events;
    expect(event).toMatchObject({ type: 'usage', usage: { audioInputTokens: 25, audioOutputTokens: 15 } });
  });

  it('ignores `usage: null` on ordinary chunks', () => {
    expect(started().decode(chunk({ delta: { content: 'a' } }, { usage: null })).events).toEqual([
      { type: 'text-delta', text: 'a' },
    ]);
  });

  it('gives interleaved parallel tool calls their own ordinal whatever OpenAI’s index values are', () => {
    const decoder = started();
    const call = (index: number, fields: Record<string, unknown>) =>
      chunk({ delta: { tool_calls: [{ index, ...fields }] } });
    const events = [
      call(3, { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x"' } }),
      call(7, { id: 'b', type: 'function', function: { name: 'g', arguments: '' } }),
      call(7, { function: { arguments: '{"y":2}' } }),
      call(3, { function: { arguments: ':1}' } }),
    ].flatMap((event) => decoder.decode(event).events);
    expect(events).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{"x"' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{"y":2}' },
      { type: 'tool-call-delta', index: 0, arguments: ':1}' },
    ]);
  });

  it('handles several tool calls in one delta, and calls without an index by their position', () => {
    const decoded = started().decode(
      chunk({
        delta: {
          tool_calls: [
            { id: 'a', function: { name: 'f', arguments: '{}' } },
            { id: 'b', function: { name: 'g', arguments: '{}' } },
          ],
        },
      }),
    );
    expect(decoded.events).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{}' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
    ]);
  });

  it('starts a new call when a server reuses an index for a call with a new id', () => {
    const decoder = started();
    const call = (id: string, name: string) =>
      chunk({
        delta: { tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '{}' } }] },
      });
    const events = [call('a', 'f'), call('b', 'g')].flatMap((event) => decoder.decode(event).events);
    expect(events.filter((event) => event.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
    ]);
  });

  it('reads only choice 0 when a chunk carries another choice (n > 1)', () => {
    const decoder = started();
    const other = {
      data: JSON.stringify({
        ...meta,
        choices: [{ index: 1, delta: { content: 'second' }, finish_reason: 'stop' }],
      }),
    };
    expect(decoder.decode(other)).toEqual({ events: [], passthrough: 'forward' });
    const both = {
      data: JSON.stringify({
        ...meta,
        choices: [
          { index: 1, delta: { content: 'second' }, finish_reason: null },
          { index: 0, delta: { content: 'first' }, finish_reason: null },
        ],
      }),
    };
    expect(decoder.decode(both).events).toEqual([{ type: 'text-delta', text: 'first' }]);
  });

  it.each(['{"choices": [', 'not json', '42', '[1,2]'])(
    'reports an unreadable event (%s) as an interrupted stream, not forwarded',
    (data) => {
      const decoded = started().decode({ data });
      expect(decoded).toMatchObject({ events: [], passthrough: 'drop' });
      expect(decoded.error).toBeInstanceOf(GatewayError);
      expect(decoded.error?.code).toBe('stream_interrupted');
    },
  );

  it('drops empty data lines without an error', () => {
    expect(started().decode({ data: '  ' })).toEqual({ events: [], passthrough: 'drop' });
  });

  it('maps an in-stream error payload', () => {
    const rate = started().decode({
      data: JSON.stringify({
        error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null },
      }),
    });
    expect(rate.error?.code).toBe('rate_limited');
    const server = started().decode({
      data: JSON.stringify({ error: { message: 'boom', type: 'server_error', code: null, param: null } }),
    });
    expect(server).toMatchObject({ events: [], passthrough: 'drop' });
    expect(server.error?.code).toBe('stream_interrupted');
    expect(server.error?.upstreamType).toBe('server_error');
    expect(started().decode({ data: JSON.stringify({ error: 'plain text' }) }).error?.code).toBe(
      'stream_interrupted',
    );
  });

  it('lets hooks add delta events before the content, replace usage and recognise errors first', () => {
    const decoder = started(
      createStreamDecoder({
        deltaExtras: (delta) =>
          typeof delta.thinking === 'string' ? [{ type: 'reasoning-delta', text: delta.thinking }] : [],
        usage: (raw) =>
          raw.tokens === undefined
            ? undefined
            : { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
        error: (raw) => (raw.failed === true ? new GatewayError('overloaded', 'busy') : undefined),
      }),
    );
    expect(decoder.decode(chunk({ delta: { thinking: 'hmm', content: 'A' } })).events).toEqual([
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'text-delta', text: 'A' },
    ]);
    expect(decoder.decode(chunk(null, { usage: { prompt_tokens: 9 } })).events).toEqual([]);
    expect(decoder.decode(chunk(null, { tokens: 2 })).events.map((event) => event.type)).toEqual(['usage']);
    expect(
      decoder.decode({ data: JSON.stringify({ failed: true, error: { message: 'x' } }) }).error?.code,
    ).toBe('overloaded');
  });
});

describe('createStreamDecoder: tool calls without ids', () => {
  it('gives a call the upstream left without an id one, once, and keeps its fragments on it', () => {
    const decoder = started();
    const first = decoder.decode(
      chunk({
        delta: { tool_calls: [{ index: 0, type: 'function', function: { name: 'f', arguments: '{"a"' } }] },
      }),
    );
    const more = decoder.decode(
      chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] } }),
    );
    const start = first.events[0];
    expect(start?.type === 'tool-call-start' && start.id).toMatch(/^call_[a-f0-9]{24}$/);
    expect(more.events).toEqual([{ type: 'tool-call-delta', index: 0, arguments: ':1}' }]);
  });
});
