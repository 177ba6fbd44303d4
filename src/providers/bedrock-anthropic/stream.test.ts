import { describe, expect, it } from 'vitest';
import { bedrockChunk } from '../../upstream/event-stream-writer.js';
import { BedrockAnthropicStreamDecoder } from './stream.js';

describe('BedrockAnthropicStreamDecoder', () => {
  it('unwraps base64 chunks for the Anthropic decoder and forwards them as Anthropic SSE events', () => {
    const decoder = new BedrockAnthropicStreamDecoder();
    const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi ✓' } };
    decoder.decode(
      bedrockChunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    );
    const decoded = decoder.decode(bedrockChunk(delta));
    expect(decoded.events).toEqual([{ type: 'text-delta', text: 'Hi ✓' }]);
    expect(decoded.passthrough).toBe('forward');
    expect(decoded.passthroughEvent).toEqual({ event: 'content_block_delta', data: JSON.stringify(delta) });
    const stop = decoder.decode(
      bedrockChunk({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 5 } }),
    );
    expect(stop.done).toBe(true);
  });

  it('turns exceptions into errors with the right code', () => {
    const decoded = new BedrockAnthropicStreamDecoder().decode({
      event: 'modelTimeoutException',
      data: '{"message":"Model has timed out in processing the request."}',
    });
    expect(decoded.error?.code).toBe('upstream_timeout');
    expect(decoded.passthrough).toBe('drop');
  });

  it.each(['not json', '{"bytes": 7}', '[]', 'null'])(
    'ends the stream for an unreadable chunk %j',
    (data) => {
      const decoded = new BedrockAnthropicStreamDecoder().decode({ event: 'chunk', data });
      expect(decoded.error?.code).toBe('stream_interrupted');
    },
  );

  it('passes an Anthropic error event inside a chunk on as an error', () => {
    const decoded = new BedrockAnthropicStreamDecoder().decode(
      bedrockChunk({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    );
    expect(decoded.error?.code).toBe('overloaded');
  });

  it('drops event types Bedrock may add without a meaning here', () => {
    expect(new BedrockAnthropicStreamDecoder().decode({ event: 'somethingNew', data: '{}' })).toEqual({
      events: [],
      passthrough: 'drop',
    });
  });
});
