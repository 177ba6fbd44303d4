import { describe, expect, it } from 'vitest';
import { ConverseStreamDecoder } from './stream.js';

function decode(events: Array<{ event: string; data: unknown }>) {
  const decoder = new ConverseStreamDecoder();
  return events.map((event) =>
    decoder.decode({
      event: event.event,
      data: typeof event.data === 'string' ? event.data : JSON.stringify(event.data),
    }),
  );
}

describe('ConverseStreamDecoder', () => {
  it('numbers tool calls among themselves, whatever their content block index', () => {
    const decoded = decode([
      {
        event: 'contentBlockStart',
        data: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'a', name: 'f' } } },
      },
      {
        event: 'contentBlockStart',
        data: { contentBlockIndex: 3, start: { toolUse: { toolUseId: 'b', name: 'g' } } },
      },
      { event: 'contentBlockDelta', data: { contentBlockIndex: 3, delta: { toolUse: { input: '{}' } } } },
    ]);
    expect(decoded.flatMap((item) => item.events)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
    ]);
  });

  it('decodes reasoning text, signature and redacted content', () => {
    const decoded = decode([
      {
        event: 'contentBlockDelta',
        data: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } },
      },
      {
        event: 'contentBlockDelta',
        data: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 's' } } },
      },
      {
        event: 'contentBlockDelta',
        data: { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'eA==' } } },
      },
    ]);
    expect(decoded.flatMap((item) => item.events)).toEqual([
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'reasoning-signature', signature: 's' },
      { type: 'redacted-reasoning', data: 'eA==' },
    ]);
  });

  it('is done only at metadata, not at messageStop (usage follows the stop)', () => {
    const decoded = decode([
      { event: 'messageStop', data: { stopReason: 'guardrail_intervened' } },
      { event: 'metadata', data: { usage: { inputTokens: 1, outputTokens: 2, cacheWriteInputTokens: 4 } } },
    ]);
    expect(decoded[0]).toEqual({
      events: [{ type: 'finish', reason: 'content-filter' }],
      passthrough: 'forward',
    });
    expect(decoded[1]?.done).toBe(true);
    expect(decoded[1]?.events).toEqual([
      {
        type: 'usage',
        usage: {
          inputTokens: 5,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 4,
          reported: { inputTokens: 1, outputTokens: 2, cacheWriteInputTokens: 4 },
        },
      },
    ]);
  });

  it.each([
    ['throttlingException', 'rate_limited', 429],
    ['modelStreamErrorException', 'upstream_error', 502],
    ['internalServerException', 'upstream_error', 502],
    ['serviceUnavailableException', 'unavailable', 503],
    ['validationException', 'invalid_request', 400],
    ['brandNewException', 'upstream_error', 502],
  ])('turns an in-stream %s into %s', (event, code, status) => {
    const [decoded] = decode([{ event, data: { message: 'details at 10.0.0.7' } }]);
    expect(decoded?.error?.code).toBe(code);
    expect(decoded?.error?.status).toBe(status);
    expect(decoded?.done).toBeUndefined();
    if (status >= 500) expect(decoded?.error?.message).not.toContain('10.0.0.7');
  });

  it.each([
    ['not JSON', 'contentBlockDelta', '{"contentBlockIndex":'],
    ['not an object', 'contentBlockDelta', '[1]'],
    ['a delta without delta', 'contentBlockDelta', '{"contentBlockIndex":0}'],
    [
      'tool input for an unknown call',
      'contentBlockDelta',
      '{"contentBlockIndex":7,"delta":{"toolUse":{"input":"{}"}}}',
    ],
    [
      'a tool start without id',
      'contentBlockStart',
      '{"contentBlockIndex":0,"start":{"toolUse":{"name":"f"}}}',
    ],
    ['a stop without reason', 'messageStop', '{}'],
  ])('ends the stream with stream_interrupted for %s', (_name, event, data) => {
    const [decoded] = decode([{ event, data }]);
    expect(decoded?.error?.code).toBe('stream_interrupted');
  });

  it('ignores events it does not know and blocks without canonical meaning', () => {
    const decoded = decode([
      { event: 'futureEvent', data: {} },
      { event: 'contentBlockStart', data: { contentBlockIndex: 0, start: { image: {} } } },
      { event: 'contentBlockDelta', data: { contentBlockIndex: 0, delta: { citation: {} } } },
    ]);
    for (const item of decoded) expect(item).toEqual({ events: [], passthrough: 'forward' });
  });
});
