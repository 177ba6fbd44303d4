import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { fromPredictEmbeddings } from './response.js';

describe('fromPredictEmbeddings', () => {
  it('reads vectors in order and sums token counts', () => {
    expect(
      fromPredictEmbeddings({
        predictions: [
          { embeddings: { values: [1, 2], statistics: { token_count: 3, truncated: false } } },
          { embeddings: { values: [3, 4], statistics: { token_count: 4, truncated: false } } },
        ],
        metadata: { billableCharacterCount: 21 },
      }),
    ).toEqual({
      model: '',
      vectors: [
        [1, 2],
        [3, 4],
      ],
      inputTokens: 7,
      // No one usage object on Vertex: each input's statistics and the response metadata, verbatim.
      reported: {
        statistics: [
          { token_count: 3, truncated: false },
          { token_count: 4, truncated: false },
        ],
        metadata: { billableCharacterCount: 21 },
      },
    });
    expect(
      fromPredictEmbeddings({ predictions: [{ embeddings: { values: [1] } }] }).reported,
    ).toBeUndefined();
    expect(() => fromPredictEmbeddings({ predictions: [{ embeddings: {} }] })).toThrow(GatewayError);
    expect(() => fromPredictEmbeddings([])).toThrow(GatewayError);
  });
});
