import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import {
  fromConverseResponse,
  fromConverseUsage,
  fromEmbeddingsResponse,
  fromStopReason,
} from './response.js';

describe('fromConverseResponse', () => {
  it('reads reasoning, text and the stop sequence Claude reports in additional fields', () => {
    const response = fromConverseResponse({
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'Let me think.', signature: 'sig' } } },
            { reasoningContent: { redactedContent: 'b3BhcXVl' } },
            { text: 'Done END' },
            { citationsContent: { citations: [] } },
          ],
        },
      },
      stopReason: 'stop_sequence',
      additionalModelResponseFields: { stop_sequence: 'END' },
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
      metrics: { latencyMs: 1 },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Let me think.', signature: 'sig' },
      { type: 'redacted-reasoning', data: 'b3BhcXVl' },
      { type: 'text', text: 'Done END' },
    ]);
    expect(response.finishReason).toBe('stop-sequence');
    expect(response.stopSequence).toBe('END');
    expect(response.id).toMatch(/^bedrock-[0-9a-f-]{36}$/);
  });

  it.each([null, [], {}, { output: {} }, { output: { message: { content: 'x' } } }])(
    'treats an unreadable body %j as the provider failing',
    (body) => {
      expect(() => fromConverseResponse(body)).toThrow(GatewayError);
    },
  );
});

describe('fromStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['tool_use', 'tool-calls'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['stop_sequence', 'stop-sequence'],
    ['guardrail_intervened', 'content-filter'],
    ['content_filtered', 'content-filter'],
    ['malformed_tool_use', 'other'],
    [undefined, 'other'],
  ] as const)('maps %s to %s', (reason, finish) => {
    expect(fromStopReason(reason)).toBe(finish);
  });
});

describe('fromConverseUsage', () => {
  it('adds cache reads and writes, which Converse counts outside inputTokens', () => {
    const usage = { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 };
    expect(fromConverseUsage(usage)).toEqual({
      inputTokens: 130,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 20,
      reported: usage,
    });
  });

  it('reads the 1-hour share of cache writes from cacheDetails', () => {
    const usage = fromConverseUsage({
      inputTokens: 10,
      outputTokens: 5,
      cacheWriteInputTokens: 300,
      cacheDetails: [
        { ttl: '1h', inputTokens: 200 },
        { ttl: '5m', inputTokens: 100 },
      ],
    });
    expect(usage).toMatchObject({ inputTokens: 310, cacheWriteTokens: 300, cacheWrite1hTokens: 200 });
  });

  it('counts missing or nonsensical numbers as zero', () => {
    expect(fromConverseUsage({ inputTokens: -1, outputTokens: Number.NaN })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reported: { inputTokens: -1, outputTokens: Number.NaN },
    });
    // No usage object: nothing reported, so nothing is kept.
    expect(fromConverseUsage(undefined)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
  });
});

describe('fromEmbeddingsResponse', () => {
  it('reads Titan v2 floats by type, Titan v1 embedding, and the token count', () => {
    expect(
      fromEmbeddingsResponse({
        embeddingsByType: { float: [0.5, 1] },
        embedding: [9],
        inputTextTokenCount: 3,
      }),
    ).toEqual({
      model: '',
      vectors: [[0.5, 1]],
      inputTokens: 3,
      reported: { inputTextTokenCount: 3 },
    });
    expect(fromEmbeddingsResponse({ embedding: [0.1], inputTextTokenCount: 1 }).vectors).toEqual([[0.1]]);
  });

  it('reads Cohere floats in both response types', () => {
    expect(
      fromEmbeddingsResponse({ embeddings: { float: [[1], [2]] }, response_type: 'embeddings_by_type' })
        .vectors,
    ).toEqual([[1], [2]]);
    expect(fromEmbeddingsResponse({ embeddings: [[3]], response_type: 'embeddings_floats' }).vectors).toEqual(
      [[3]],
    );
    // Cohere's answer has no token count: nothing reported, so the record must estimate.
    expect(fromEmbeddingsResponse({ embeddings: [[3]] }).reported).toBeUndefined();
  });

  it.each([null, {}, { embedding: ['x'] }, { embeddings: { int8: [[1]] } }])('rejects %j', (body) => {
    expect(() => fromEmbeddingsResponse(body)).toThrow(/could not read/);
  });
});
