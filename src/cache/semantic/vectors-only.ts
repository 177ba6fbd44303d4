// The semantic thread's stand-in for a model when vectors come embedded from elsewhere (a
// provider's embedding model, called through the gateway): it names the model and its size for
// the index, and refuses to embed text, which only the gateway can do for such a model.

import type { Embedder } from './embedder.js';

export function vectorsOnlyEmbedder(options: { model: string; dimensions: number }): Embedder {
  return {
    model: options.model,
    dimensions: options.dimensions,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      throw new Error(`the index for ${options.model} takes vectors only: embed texts through the gateway`);
    },
  };
}
