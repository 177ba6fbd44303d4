import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamEvent } from '../core/index.js';
import { assembleResponse } from './assemble-response.js';
import { responseEvents } from './response-events.js';

const usage = { inputTokens: 20, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('assembleResponse', () => {
  it('joins a stream of deltas into the parts it made, in order', () => {
    const events: StreamEvent[] = [
      { type: 'response-start', id: 'msg_1', model: 'claude-x', created: 5 },
      { type: 'reasoning-delta', text: 'Think' },
      { type: 'reasoning-delta', text: 'ing.' },
      { type: 'reasoning-signature', signature: 'sig' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'lookup' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'send' },
      { type: 'tool-call-delta', index: 0, arguments: '{"q":' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
      { type: 'tool-call-delta', index: 0, arguments: '"x"}' },
      { type: 'finish', reason: 'tool-calls' },
      { type: 'usage', usage },
    ];
    expect(assembleResponse(events)).toEqual({
      id: 'msg_1',
      model: 'claude-x',
      created: 5,
      content: [
        { type: 'reasoning', text: 'Thinking.', signature: 'sig' },
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
        { type: 'tool-call', id: 'call_2', name: 'send', arguments: '{}' },
      ],
      finishReason: 'tool-calls',
      usage,
    });
  });

  it('gives nothing for a stream that never finished, or a delta of an unknown tool call', () => {
    expect(assembleResponse([{ type: 'text-delta', text: 'cut' }])).toBeUndefined();
    expect(
      assembleResponse([
        { type: 'tool-call-delta', index: 3, arguments: '{}' },
        { type: 'finish', reason: 'stop' },
      ]),
    ).toBeUndefined();
  });

  it('replays through responseEvents into the same response', () => {
    const response: ChatResponse = {
      id: 'chatcmpl-1',
      model: 'gpt-x',
      created: 7,
      content: [
        { type: 'text', text: 'Answer.' },
        { type: 'redacted-reasoning', data: 'opaque' },
        { type: 'tool-call', id: 't1', name: 'f', arguments: '{"a":1}' },
      ],
      finishReason: 'stop-sequence',
      stopSequence: 'END',
      refusal: 'no',
      usage,
    };
    expect(assembleResponse(responseEvents(response))).toEqual(response);
  });
});
